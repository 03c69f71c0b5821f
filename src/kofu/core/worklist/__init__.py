"""Work queues: what each staff role has to do now, with counts and links (the home page's ``#todo``).

One function per role, each a handful of indexed counts; nothing here writes. The municipality's
queue needs its own staff (residents' cards); the prefecture's and the ministry's read plans,
reports, hearings and claims of their area only.
"""

from __future__ import annotations

import datetime as dt

from kofu.accounts.roles import Actor, Role

from .items import Task
from .municipality import municipality_tasks
from .oversight import ministry_tasks, prefecture_tasks


def tasks_for(actor: Actor, today: dt.date) -> list[Task]:
    """The signed-in staff member's queue, most urgent first (empty for other actors)."""
    if actor.role is Role.MUNICIPALITY and actor.organisation is not None:
        tasks = municipality_tasks(actor, today)
    elif actor.role is Role.PREFECTURE and actor.organisation is not None:
        tasks = prefecture_tasks(actor, today)
    elif actor.role is Role.MINISTRY:
        tasks = ministry_tasks(actor, today)
    else:
        tasks = []
    return sorted(tasks, key=lambda t: not t.urgent)


__all__ = ["Task", "tasks_for"]
