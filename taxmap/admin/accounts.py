"""Use cases an LAO's administrator runs on the accounts of that LAO's users."""

from __future__ import annotations

from sqlalchemy.engine import Connection, Engine

from taxmap.admin import repository
from taxmap.admin import user_repository as repo
from taxmap.admin.roles import Principal
from taxmap.core.db import UnitOfWork
from taxmap.core.errors import AccessDenied, InvalidInput, NotFound


def set_lao_user_active(
    bind: Engine | Connection, lao_code: str, username: str, active: bool, *, caller: Principal
) -> bool:
    """Enable or disable an account of this LAO's user (audited); return False if unchanged.

    Disabling ends the user's sessions and stops their tokens. An LAO administrator may not
    disable their own account, a system administrator's, or one that also works for another
    LAO (that would lock the user out of an LAO they do not administer): a system
    administrator can.
    """
    with UnitOfWork(bind) as uow:
        lao = repository.get_lao(uow.conn, lao_code)
        user = repo.find_user(uow.conn, username)
        member_of = repo.memberships(uow.conn, user.id) if user is not None else {}
        if user is None or lao_code not in member_of:
            raise NotFound(
                f"{lao_code} has no user called '{username}': list its users first.",
                f"ไม่พบผู้ใช้ '{username}' ใน อปท. {lao_code}",
                details={"field": "username"},
            )
        if not active and user.username == caller.username:
            raise InvalidInput(
                "active",
                "You cannot disable your own account; ask another administrator.",
                "ปิดบัญชีของตนเองไม่ได้ กรุณาให้ผู้ดูแลระบบคนอื่นดำเนินการ",
            )
        if not caller.system_admin and (user.system_admin or set(member_of) - {lao_code}):
            raise AccessDenied(
                f"'{username}' is a system administrator or also works for another LAO: "
                "only a system administrator can enable or disable this account.",
                f"ผู้ใช้ '{username}' เป็นผู้ดูแลระบบกลางหรือทำงานให้ อปท. อื่นด้วย "
                "เฉพาะผู้ดูแลระบบกลางจึงเปิดหรือปิดบัญชีนี้ได้",
                details={"field": "username"},
            )
        changed = bool(user.active) != active
        if changed:
            repo.update_user(uow.conn, user.id, {"active": active})
            if not active:
                repo.delete_user_sessions(uow.conn, user.id)
            repository.append_audit(
                uow.conn,
                lao.id,
                caller.actor,
                "enable" if active else "disable",
                "user",
                user.id,
                before={"active": not active},
                after={"active": active},
            )
        uow.commit()
    return changed
