"""Neo4j Graph Data Science on the server: whether it is there, which version.

The questions will run their searches in GDS where it is (weighted shortest paths for routes,
betweenness for connectors) and pull the part they read where it is not (Aura Free, a plain
Community install): this module tells the two apart.
"""

from __future__ import annotations

from neo4j.exceptions import ClientError

from .connection import Database

__all__ = ["gds_version"]


def gds_version(db: Database) -> str | None:
    """The version of GDS installed on the server, or None where it has none."""
    try:
        rows = db.read("CALL gds.version() YIELD gdsVersion RETURN gdsVersion")
    except ClientError as exc:
        if exc.code == "Neo.ClientError.Procedure.ProcedureNotFound":
            return None
        raise
    return rows[0]["gdsVersion"] if rows else None
