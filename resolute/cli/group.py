"""The ``resolute`` group: its own options, and the commands' shared session."""

from __future__ import annotations

import click

from resolute.cli.chinese import ChineseGroup
from resolute.cli.common import LocalPath, Session


@click.group("resolute", cls=ChineseGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--quiet", "-q", is_flag=True, help="不显示进度（供脚本调用）。")
@click.option(
    "--rulebook",
    "rulebook_path",
    type=LocalPath(exists=True, dir_okay=False),
    metavar="文件",
    envvar="RESOLUTE_RULEBOOK",
    help="使用指定的规则库文件（默认：内置规则库）。",
)
@click.option(
    "--policy-dir",
    "policy_dir",
    type=LocalPath(exists=True, file_okay=False),
    metavar="文件夹",
    envvar="RESOLUTE_POLICY_DIR",
    help="另有政策版本文件的文件夹（文件名以数据集开头，如 rulebook-2023.1.yaml），"
    "与内置版本一起按生效日期选用。",
)
# The version option builds its help and message when declared, before click's messages
# turn Chinese (resolute.cli.chinese), so they are given here.
@click.version_option(
    package_name="resolute", message="%(prog)s，版本 %(version)s", help="显示版本并退出。"
)
@click.pass_context
def main(
    ctx: click.Context, quiet: bool, rulebook_path: str | None, policy_dir: str | None
) -> None:
    """resolute — 落实“三个坚决”行动方案的台账、评估与监督工具。"""
    ctx.obj = Session(quiet, rulebook_path, policy_dir)
