"""`taxmap user …`: accounts, roles per LAO and bearer tokens (for the administrator's shell)."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.table import Table

from taxmap.cli.shared import clean_errors, engine_for, out, settings

user_app = typer.Typer(no_args_is_help=True, help="Users, their roles in each LAO, and API tokens.")

RoleOpt = Annotated[
    str, typer.Option("--role", help="admin, surveyor, revenue, planner or viewer.")
]
LaoOpt = Annotated[str, typer.Option("--lao", help="LAO code, e.g. BUALAI.")]
StdinOpt = Annotated[
    bool, typer.Option("--password-stdin", help="Read the password from standard input.")
]


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    value: str = typer.prompt("Password / รหัสผ่าน", hide_input=True, confirmation_prompt=True)
    return value


@user_app.command("add")
@clean_errors
def add(
    username: Annotated[str, typer.Argument(help="Lower-case login name.")],
    full_name: Annotated[str, typer.Option("--name", help="Full name as shown on screens.")] = "",
    role: Annotated[str | None, typer.Option("--role", help="A first role (with --lao).")] = None,
    lao: Annotated[str | None, typer.Option("--lao", help="LAO of the first role.")] = None,
    system_admin: Annotated[
        bool, typer.Option("--system-admin", help="May create LAOs and act in every LAO.")
    ] = False,
    password_stdin: StdinOpt = False,
) -> None:
    """Create a user (the password is asked for, or read with --password-stdin)."""
    from taxmap.admin import users

    engine = engine_for(settings())
    users.create_user(
        engine, username, _password(password_stdin), full_name, system_admin=system_admin
    )
    if role and lao:
        users.grant_role(engine, username, lao, role, actor="cli")
    out.print(f"user {username} created" + (f" with role {role} in {lao}" if role and lao else ""))


@user_app.command("grant")
@clean_errors
def grant(username: str, role: RoleOpt, lao: LaoOpt) -> None:
    """Give a user a role in an LAO."""
    from taxmap.admin import users

    changed = users.grant_role(engine_for(settings()), username, lao, role, actor="cli")
    out.print(f"{username}: {role} in {lao}" + ("" if changed else " (already held)"))


@user_app.command("revoke")
@clean_errors
def revoke(username: str, role: RoleOpt, lao: LaoOpt) -> None:
    """Take a role in an LAO away from a user."""
    from taxmap.admin import users

    changed = users.revoke_role(engine_for(settings()), username, lao, role, actor="cli")
    out.print(f"{username}: {role} in {lao} " + ("revoked" if changed else "was not held"))


@user_app.command("passwd")
@clean_errors
def passwd(username: str, password_stdin: StdinOpt = False) -> None:
    """Set a user's password (ends their sessions)."""
    from taxmap.admin import users

    users.set_password(engine_for(settings()), username, _password(password_stdin))
    out.print(f"password of {username} changed; their sessions ended")


@user_app.command("disable")
@clean_errors
def disable(username: str) -> None:
    """Disable an account: sessions end and tokens stop working (enable to undo)."""
    from taxmap.admin import users

    users.set_active(engine_for(settings()), username, False)
    out.print(f"{username} disabled")


@user_app.command("enable")
@clean_errors
def enable(username: str) -> None:
    """Enable a disabled account."""
    from taxmap.admin import users

    users.set_active(engine_for(settings()), username, True)
    out.print(f"{username} enabled")


@user_app.command("list")
@clean_errors
def list_users(lao: LaoOpt) -> None:
    """List an LAO's users and their roles."""
    from taxmap.admin import users

    table = Table("username", "name", "active", "roles")
    for row in users.lao_users(engine_for(settings()), lao):
        table.add_row(
            row["username"],
            row["full_name"],
            "yes" if row["active"] else "no",
            ", ".join(row["roles"]),
        )
    out.print(table)


@user_app.command("token")
@clean_errors
def token(
    username: str,
    name: Annotated[str, typer.Option("--name", help="What the token is for.")] = "script",
    days: Annotated[int | None, typer.Option("--days", help="Expire after N days.")] = None,
    revoke: Annotated[
        bool, typer.Option("--revoke", help="Revoke the tokens of this name.")
    ] = False,
) -> None:
    """Create a bearer token for scripts (printed once), or --revoke the tokens of a name."""
    from taxmap.admin import users

    engine = engine_for(settings())
    if revoke:
        out.print(f"{users.revoke_tokens(engine, username, name)} token(s) '{name}' revoked")
        return
    secret = users.issue_token(engine, username, name, days=days)
    out.print(f"token '{name}' for {username} (shown once; send as Authorization: Bearer …):")
    print(secret)
