"""Accounts: users, roles and their scope, API tokens, sign-in with lock-out, the audit log.

    permissions  roles, what each may do, the Principal acting, organisations in scope
    users        accounts, passwords, sign-in and lock-out, the demo's accounts
    tokens       API tokens (random, stored as SHA-256 digests: a slow hash adds nothing)
    audit        the audit log read back

A role grants permissions; a user or token may also carry an organisation (its scope). An
agency reporter sees and updates only tasks of its organisation and that organisation's
children. Every change records an event.
"""

from __future__ import annotations

from loa.services.accounts.audit import AuditEntry, audit_log
from loa.services.accounts.permissions import (
    PERMISSIONS,
    ROLE_PERMISSIONS,
    ROLES,
    SCOPED_ROLES,
    Principal,
    add_permission,
    approving_person,
    can_update_task,
    orgs_in_scope,
    visible_org,
)
from loa.services.accounts.tokens import (
    TokenInfo,
    create_token,
    list_tokens,
    principal_for_token,
    revoke_token,
)
from loa.services.accounts.users import (
    MIN_PASSWORD,
    SignIn,
    UserInfo,
    create_demo_accounts,
    create_user,
    end_user_sessions,
    list_users,
    person_of,
    principal_for_login,
    set_password,
    set_role,
    sign_in,
)

__all__ = [
    "MIN_PASSWORD",
    "PERMISSIONS",
    "ROLES",
    "ROLE_PERMISSIONS",
    "SCOPED_ROLES",
    "AuditEntry",
    "Principal",
    "SignIn",
    "TokenInfo",
    "UserInfo",
    "add_permission",
    "approving_person",
    "audit_log",
    "can_update_task",
    "create_demo_accounts",
    "create_token",
    "create_user",
    "end_user_sessions",
    "list_tokens",
    "list_users",
    "orgs_in_scope",
    "person_of",
    "principal_for_login",
    "principal_for_token",
    "revoke_token",
    "set_password",
    "set_role",
    "sign_in",
    "visible_org",
]
