"""Connecting to Neo4j, and turning the driver's errors into one-line messages.

Settings come from options or the environment: ``NEO4J_URI`` (default
``bolt://localhost:7687``), ``NEO4J_USER`` (default ``neo4j``), ``NEO4J_PASSWORD`` and
``NEO4J_DATABASE`` (default: the server's default database).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from neo4j import Driver, GraphDatabase, ManagedTransaction, ResultSummary, SummaryCounters, unit_of_work
from neo4j.exceptions import (
    AuthError,
    ClientError,
    ConfigurationError,
    DriverError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
)
from pydantic import BaseModel

from ..errors import DatabaseError, QueryError, TimeLimit

__all__ = ["Neo4jSettings", "Database", "connect"]


class Neo4jSettings(BaseModel):
    """Where the server is and who we are; ``password`` None connects without authentication.
    ``retry_seconds`` is how long a transaction is retried after a transient failure (a lost
    connection, a server restarting) before the error is reported."""

    uri: str = "bolt://localhost:7687"
    user: str = "neo4j"
    password: str | None = None
    database: str | None = None
    retry_seconds: float = 30.0

    @classmethod
    def from_env(cls, **given: str | float | None) -> Neo4jSettings:
        """Settings from ``given`` values, falling back to the NEO4J_* environment variables.

        >>> Neo4jSettings.from_env(uri="bolt://db:7687", password="pw").uri
        'bolt://db:7687'
        """
        values = {}
        for field in cls.model_fields:
            value = given.get(field)
            if value is None:
                value = os.environ.get(f"NEO4J_{field.upper()}") or None
            if value is not None:
                values[field] = value
        return cls(**values)


def _first_line(exc: Exception, text: str | None = None) -> str:
    text = str(exc) if text is None else text
    return text.strip().splitlines()[0].rstrip(":") if text.strip() else type(exc).__name__


def _message(exc: Exception, settings: Neo4jSettings) -> str:
    if isinstance(exc, AuthError):
        return (
            f"Neo4j at {settings.uri} refused user {settings.user!r}: wrong user name or password (set NEO4J_PASSWORD)"
        )
    if isinstance(exc, (ServiceUnavailable, SessionExpired)):
        return f"cannot reach Neo4j at {settings.uri}: {_first_line(exc)}"
    if isinstance(exc, Neo4jError):
        return f"Neo4j at {settings.uri} failed: {exc.code}: {_first_line(exc, exc.message)}"
    return f"Neo4j at {settings.uri}: {_first_line(exc)}"


class Database:
    """One database on a connected server: managed read and write transactions (retried by
    the driver on transient errors) and auto-commit schema statements."""

    def __init__(self, driver: Driver, name: str | None, uri: str = "") -> None:
        self.driver = driver
        self.name = name
        #: where the server is (to tell apart what was read from different servers)
        self.uri = uri

    def read(self, query: str, **params: Any) -> list[dict[str, Any]]:
        """The records of a read query, as dicts of the values as the driver gives them
        (maps as dicts; nodes stay driver objects: return ``properties(n)`` for a map)."""

        def work(tx: ManagedTransaction) -> list[dict[str, Any]]:
            return [dict(record.items()) for record in tx.run(query, params)]

        with self.driver.session(database=self.name) as session:
            return session.execute_read(work)

    def read_table(
        self,
        query: str,
        params: dict[str, Any],
        timeout: float | None = None,
        vet: Callable[[ResultSummary], None] | None = None,
    ) -> tuple[list[str], list[list[Any]]]:
        """The column names and rows of a read query (nodes and relationships as their
        properties).

        ``vet`` first gets the summary of ``EXPLAIN query`` (its plan and query type), run in
        the same read transaction, and raises to refuse the query before it runs. The server
        ends a transaction that runs past ``timeout`` seconds: that is a TimeLimit naming the
        limit (a limit set on the server, ``db.transaction.timeout``, is named as the server's).
        """

        @unit_of_work(timeout=timeout)
        def work(tx: ManagedTransaction) -> tuple[list[str], list[list[Any]]]:
            if vet is not None:
                vet(tx.run("EXPLAIN " + query, params).consume())
            result = tx.run(query, params)
            keys = list(result.keys())
            return keys, [list(record.data().values()) for record in result]

        try:
            with self.driver.session(database=self.name) as session:
                return session.execute_read(work)
        except ClientError as exc:
            if exc.code == "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration":
                raise TimeLimit(timeout) from None
            if exc.code == "Neo.ClientError.Transaction.TransactionTimedOut":
                raise QueryError(
                    "the server stopped the query at its own transaction time limit (db.transaction.timeout)"
                ) from None
            raise

    def write(self, query: str, **params: Any) -> SummaryCounters:
        """Run a write query in one managed transaction; the counters of what it changed."""

        def work(tx: ManagedTransaction) -> SummaryCounters:
            return tx.run(query, params).consume().counters

        with self.driver.session(database=self.name) as session:
            return session.execute_write(work)

    def schema(self, query: str) -> None:
        """Run a schema statement (constraints, indexes), which needs its own auto-commit
        transaction."""
        with self.driver.session(database=self.name) as session:
            session.run(query).consume()


@contextmanager
def connect(settings: Neo4jSettings) -> Iterator[Database]:
    """The database of ``settings`` on a server whose connection and credentials have been
    checked; any driver error inside the ``with`` block becomes a :class:`DatabaseError`
    with a one-line message."""
    auth = (settings.user, settings.password) if settings.password is not None else None
    try:
        driver = GraphDatabase.driver(
            settings.uri, auth=auth, notifications_min_severity="OFF", max_transaction_retry_time=settings.retry_seconds
        )
    except (ConfigurationError, ValueError) as exc:
        raise DatabaseError(f"cannot use Neo4j URI {settings.uri!r}: {exc}") from None
    try:
        driver.verify_connectivity()
        yield Database(driver, settings.database, settings.uri)
    except (DriverError, Neo4jError) as exc:
        raise DatabaseError(_message(exc, settings)) from None
    finally:
        driver.close()
