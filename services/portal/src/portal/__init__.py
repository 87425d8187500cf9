"""Portal service: what front ends see.

- ``adapters.tablero_projection``: the affiliate's home dashboard (manual §4) as a read
  model built only from Kafka topics, through the runtime's exactly-once consumer.
- ``entrypoints.rutas_tablero``: JSON for front ends (bearer tokens of identity), a wait for
  a minimum version (fresh after a write) and Server-Sent Events.
- ``entrypoints.pasarela``: one origin, ``/api/<service>/…`` to every service's API.
- ``entrypoints.web``: the reference web portal (Spanish pages, server-side sessions).
"""
