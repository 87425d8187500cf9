"""``python -m audit verificar | reconstruir | exportar``: the archive's commands."""

import sys


def main() -> int:
    orden = sys.argv[1] if len(sys.argv) > 1 else ""
    if orden == "verificar":
        from audit.entrypoints.verificar import main as verificar

        return verificar(sys.argv[2:])
    if orden == "reconstruir":
        from audit.entrypoints.reconstruir import main as reconstruir

        return reconstruir(sys.argv[2:])
    if orden == "exportar":
        from audit.entrypoints.exportar import main as exportar

        return exportar(sys.argv[2:])
    print("uso: python -m audit verificar | reconstruir | exportar", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
