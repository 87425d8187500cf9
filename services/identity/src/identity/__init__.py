"""Identity service: user accounts and registration.

For now it holds what registration's first step ("Válida") needs: a read model of the
affiliates, built only from the affiliation service's events, and the endpoint that checks
a document against it.
"""
