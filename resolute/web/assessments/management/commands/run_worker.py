"""Do the queued background work (assessment runs, imports, bulletins, what-ifs, exports).

First marks failed the tasks that a dead worker left running (and the work they stood for),
then works the queue until stopped (Ctrl+C or SIGTERM: the task at hand is finished first),
renewing its lease in the database meanwhile and sweeping the tasks of workers (of any
host) whose lease has run out (resolute.web.lib.background). ``make run`` starts one
beside gunicorn; any number may run on any number of machines against one database.
"""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

from resolute.web.lib import background


class Command(BaseCommand):
    help = "处理后台任务（评估、导入、通报、政策推演、大批量导出）；先把已终止的工作进程留下的任务标为失败"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--interval", type=float, default=1.0,
                            help="队列为空时每隔多少秒查看一次")  # fmt: skip
        parser.add_argument("--batch", action="store_true",
                            help="处理完队列中的任务后退出（测试用）")  # fmt: skip

    def handle(self, *args: Any, **options: Any) -> None:
        swept = background.sweep_dead_workers()
        if swept:
            self.stderr.write(f"已把 {swept} 个中断的任务标为失败")
        extra = ["--batch"] if options["batch"] else []
        worker = background.worker_id()
        heartbeat = background.Heartbeat(worker)
        heartbeat.start()
        try:
            call_command("db_worker", "--worker-id", worker,
                         "--interval", str(options["interval"]), "--no-startup-delay", *extra)  # fmt: skip
        finally:
            heartbeat.stop()
