-- Databases of the local stack: one per service, plus eps_test for the libraries' tests.
-- Keep in sync with DATABASES in scripts/infra/postgres.sh.
-- Run by the postgres image on first start (psql, as the POSTGRES_USER eps); safe to re-run:
--   psql postgresql://eps:eps@127.0.0.1:55432/postgres -f deploy/local/postgres-init.sql
SELECT format('CREATE DATABASE %I OWNER eps', name)
FROM unnest(ARRAY[
  'affiliation', 'identity', 'authorizations', 'billing', 'incapacities',
  'pqrs', 'notifications', 'portal', 'audit', 'eps_test'
]) AS name
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = name)
\gexec
