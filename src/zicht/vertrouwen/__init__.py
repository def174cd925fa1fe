"""Trust that survives its own operators (issue #16): secrets from outside the database, keyed
tamper evidence, safe retries, a security log, a health endpoint, backups and database roles."""
