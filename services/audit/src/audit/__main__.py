"""``python -m audit verificar``: the archive's commands."""

import sys


def main() -> int:
    ordenes = {"verificar"}
    if len(sys.argv) < 2 or sys.argv[1] not in ordenes:
        print("uso: python -m audit verificar", file=sys.stderr)
        return 2
    from audit.entrypoints.verificar import main as verificar

    return verificar(sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())
