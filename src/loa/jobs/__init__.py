"""Long work as jobs: imports, reminders, batches (and the listening and audio jobs to come).

    loa.jobs.registry     @job / @batch_handler: name -> function (Loa's and plug-ins')
    loa.jobs.definitions  Loa's jobs: situation_import, directive_import, task_reminders
    loa.jobs.batch        the generic "batch" job: exactly-once effects per item
    loa.jobs.runner       one attempt of a run, its outcome recorded (queue and in-process)
    loa.jobs.submit       store a run, then queue it (PostgreSQL) or run it here (SQLite)
    loa.jobs.queue        the Procrastinate app, its schema, transactional enqueue, retries
    loa.jobs.worker       `loa worker`: runs jobs, re-queues those of dead workers
    loa.jobs.reconnect    a unit of work run again when the database connection drops
    loa.store.storage_errors  a full disk as a clear bilingual error

Job state the desk and the API read lives in Loa's `job_runs` table (loa.services.jobs).
"""

from __future__ import annotations

from loa.jobs.context import RunContext
from loa.jobs.registry import BatchItem, batch_handler, job

__all__ = ["BatchItem", "RunContext", "batch_handler", "job"]
