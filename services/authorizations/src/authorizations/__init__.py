"""The authorizations service: presolicitudes, OPS and their copays."""
