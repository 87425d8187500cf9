"""What each service consumes: one module per consuming service, named after it, with
``SUBSCRIPTIONS: tuple[Subscription, ...]`` (gathered by ``eps_contracts.catalog``)."""
