"""The audit service: a tamper-evident archive of every event, the auditor's API and the
personal-data access records (Ley 1581 de 2012)."""
