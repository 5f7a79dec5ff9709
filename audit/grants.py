"""The production role layout on PostgreSQL: the application owns nothing.

A separate owner role owns every table (the ledger and its triggers included) and the
database; migrations run as the owner. The application's role may read and write the
other tables as usual, but on the ledger it may only SELECT and INSERT: UPDATE, DELETE and
TRUNCATE are not granted, and dropping or disabling the triggers, or altering the table,
needs ownership it does not have. docs/operations-ledger.md explains each statement.
"""

from __future__ import annotations

from dataclasses import dataclass

LEDGER_TABLE = "audit_event"
MARK_TABLE = "audit_ledgerhead"
TRIGGER_FUNCTIONS = ("audit_event_refuse()", "audit_ledgerhead_forward()", "audit_ledgerhead_follow()")


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


@dataclass(frozen=True)
class Layout:
    owner: str
    app: str
    database: str
    schema: str = "public"

    def statements(self) -> list[str]:
        """The SQL, in order; running it again changes nothing (idempotent)."""
        owner, app, schema = _ident(self.owner), _ident(self.app), _ident(self.schema)
        table = f"{schema}.{_ident(LEDGER_TABLE)}"
        return [
            # 1. The owner role owns the database, every table, view and free-standing
            #    sequence of the schema (identity and serial sequences follow their table),
            #    and the trigger function. Owning the database or the schema would let the
            #    application drop the ledger, so the application must own neither.
            f"ALTER DATABASE {_ident(self.database)} OWNER TO {owner}",
            f"""DO $$
DECLARE item record;
BEGIN
  FOR item IN
    SELECT c.oid::regclass AS name,
           CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW'
                          WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END AS kind
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = {_literal(self.schema)} AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
      AND c.relowner <> {_literal(self.owner)}::regrole
      AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i'))
  LOOP
    EXECUTE format('ALTER %s %s OWNER TO %I', item.kind, item.name, {_literal(self.owner)});
  END LOOP;
END $$""",  # noqa: S608 - every name is quoted by _ident or _literal
            *[f"ALTER FUNCTION {schema}.{function} OWNER TO {owner}" for function in TRIGGER_FUNCTIONS],
            # 2. The application connects and uses the schema, but creates nothing in it.
            f"GRANT CONNECT ON DATABASE {_ident(self.database)} TO {app}",
            f"GRANT USAGE ON SCHEMA {schema} TO {app}",
            f"REVOKE CREATE ON SCHEMA {schema} FROM PUBLIC, {app}",
            # 3. Ordinary work on every other table: read, insert, change, delete.
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {app}",
            f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {app}",
            # ... and the same on tables later migrations create (as the owner).
            f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA {schema} "
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {app}",
            f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA {schema} GRANT USAGE, SELECT ON SEQUENCES TO {app}",
            # 4. The ledger: read and append, nothing else -- taken back after step 3. The
            #    high-water mark: read only; appending moves it (a SECURITY DEFINER trigger).
            f"REVOKE ALL ON TABLE {table} FROM PUBLIC, {app}",
            f"GRANT SELECT, INSERT ON TABLE {table} TO {app}",
            f"REVOKE ALL ON TABLE {schema}.{_ident(MARK_TABLE)} FROM PUBLIC, {app}",
            f"GRANT SELECT ON TABLE {schema}.{_ident(MARK_TABLE)} TO {app}",
        ]

    def script(self) -> str:
        lines = [
            f"-- Sahih: ledger role layout (owner {self.owner}, application {self.app}).",
            "-- Run as a superuser; both roles must exist (docs/operations-ledger.md).",
            "BEGIN;",
        ]
        lines += [statement + ";" for statement in self.statements()]
        lines.append("COMMIT;")
        return "\n".join(lines) + "\n"


def role_problems(cursor, layout: Layout) -> list[str]:
    """What in the roles themselves would let the application get round the layout."""
    cursor.execute(
        "SELECT rolname, rolsuper, rolcreaterole, rolbypassrls FROM pg_roles WHERE rolname IN (%s, %s)",
        [layout.owner, layout.app],
    )
    roles = {
        name: (superuser, createrole, bypass) for name, superuser, createrole, bypass in cursor.fetchall()
    }
    problems = [f"role {name} does not exist" for name in (layout.owner, layout.app) if name not in roles]
    if layout.owner == layout.app:
        problems.append("the owner and the application must be different roles")
    if layout.app in roles:
        superuser, createrole, bypass = roles[layout.app]
        if superuser:
            problems.append(f"{layout.app} is a superuser: it bypasses every privilege")
        if createrole:
            problems.append(f"{layout.app} has CREATEROLE: it could make itself a member of the owner")
        if bypass:
            problems.append(f"{layout.app} has BYPASSRLS")
    if not problems:
        cursor.execute("SELECT pg_has_role(%s, %s, 'MEMBER')", [layout.app, layout.owner])
        if cursor.fetchone()[0]:
            problems.append(f"{layout.app} is a member of {layout.owner} and could SET ROLE to it")
    return problems
