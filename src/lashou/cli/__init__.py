"""The `lashou` command: every role's action from a terminal, against any JSON-RPC node.

    lashou node                      a local development node, kept running
    lashou deploy                    deploy the plan once (or reuse it) and print its addresses
    lashou account create|import|list
    lashou attestor|notary|member|witness|supervisor|operator|dispute|keeper|gov …
    lashou demo                      a whole plan lived through on a fresh node

Every failure is one sentence on stderr saying what went wrong and what to do, exit code 1.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click
from requests.exceptions import RequestException
from web3.exceptions import Web3Exception

from lashou.chain.settings import Settings
from lashou.chain.tx import TransactionFailed
from lashou.cli import (
    account,
    attest,
    demo,
    dispute,
    gov,
    index,
    keeper,
    member,
    node,
    operator,
    serve,
    verify,
    witness,
)
from lashou.cli.context import App
from lashou.cli.units import CliError, sentence

DEBUG_ENV = "LASHOU_DEBUG"


class LashouGroup(click.Group):
    """Turns every error of a command into one sentence and exit code 1 (no traceback).

    Set LASHOU_DEBUG=1 to let unexpected errors through with their traceback.
    """

    def main(
        self, args: Any = None, prog_name: str | None = None, complete_var: str | None = None,
        standalone_mode: bool = True, **extra: Any,
    ) -> Any:  # fmt: skip
        """Click's own handling, but a usage error is one sentence with exit code 1 too."""
        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.UsageError as exc:
            if not standalone_mode:
                raise
            where = exc.ctx.command_path if exc.ctx is not None else "lashou"
            message = sentence(exc.format_message()).rstrip(".")
            click.echo(f"Error: {message}: see `{where} --help`.", err=True)
            sys.exit(1)
        except click.ClickException as exc:
            if not standalone_mode:
                raise
            exc.show()
            sys.exit(exc.exit_code)
        except click.Abort:
            if not standalone_mode:
                raise
            click.echo("Error: Aborted.", err=True)
            sys.exit(1)
        if not standalone_mode:
            return result
        sys.exit(result if isinstance(result, int) else 0)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            result = super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except TransactionFailed as exc:
            raise CliError(str(exc)) from None
        except (ValueError, LookupError) as exc:
            # the project's errors (keystore, attestor, resident ID, pepper, files) are
            # ValueErrors whose message is already one sentence with what to do
            raise CliError(sentence(str(exc.args[0] if exc.args else exc))) from None
        except BrokenPipeError:
            _silence_stdout()  # the reader left (`| head`): nothing more to tell it
            raise click.exceptions.Exit(1) from None
        except RequestException as exc:
            if os.environ.get(DEBUG_ENV):
                raise
            raise CliError(
                f"Lost contact with the node ({type(exc).__name__}): check that it still runs"
                " and try again."
            ) from None
        except OSError as exc:
            where = f" {exc.filename}" if exc.filename else ""
            raise CliError(
                f"Cannot use{where}: {exc.strerror or exc}; check the path and its permissions."
            ) from None
        except Web3Exception as exc:
            if os.environ.get(DEBUG_ENV):
                raise
            raise CliError(sentence(f"The node refused the request: {exc}")) from None
        except Exception as exc:
            if os.environ.get(DEBUG_ENV):
                raise
            raise CliError(
                f"Unexpected {type(exc).__name__}: {exc}; run again with {DEBUG_ENV}=1 to see"
                " where it happened."
            ) from None
        app = ctx.find_object(App)
        for note in app.notes if app is not None else ():
            click.echo(note, err=True)
        return result


def _silence_stdout() -> None:
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError):
        pass


@click.group(cls=LashouGroup)
@click.version_option(package_name="lashou")
@click.option(
    "--rpc-url", envvar="LASHOU_RPC_URL", metavar="URL",
    help="JSON-RPC endpoint [env LASHOU_RPC_URL; default: the node `lashou node` runs].",
)  # fmt: skip
@click.option(
    "--data-dir", envvar="LASHOU_DATA_DIR", metavar="DIR",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder of deployment.json, the keystore and the local node [env LASHOU_DATA_DIR;"
    " default ./.lashou].",
)  # fmt: skip
@click.option(
    "--deployment", metavar="FILE", type=click.Path(dir_okay=False, path_type=Path),
    help="The plan's deployment record [default: DIR/deployment.json].",
)  # fmt: skip
@click.option(
    "--account", "account_name", envvar="LASHOU_ACCOUNT", metavar="NAME",
    help="Keystore account that signs (password from LASHOU_PASSWORD or a prompt);"
    " without it, the key in LASHOU_PRIVATE_KEY.",
)  # fmt: skip
@click.option("--json", "as_json", is_flag=True, help="Print results as JSON.")
@click.pass_context
def main(
    ctx: click.Context,
    rpc_url: str | None,
    data_dir: Path | None,
    deployment: Path | None,
    account_name: str | None,
    as_json: bool,
) -> None:
    """lashou (拉手互助): a mutual-aid plan for critical illness, its rules and money on chain."""
    settings = Settings.from_env()
    ctx.obj = App(
        data_dir=data_dir.resolve() if data_dir else settings.data_dir,
        anvil=settings.anvil,
        rpc_url_option=(rpc_url or "").strip() or None,
        deployment_option=deployment,
        account_name=account_name,
        as_json=as_json,
    )


for _command in (
    node.node, node.deploy, node.dev, account.account, attest.attestor, attest.notary,
    member.member, witness.witness, operator.operator, dispute.supervisor, dispute.dispute,
    keeper.keeper, gov.gov, demo.demo,
):  # fmt: skip
    main.add_command(_command)
main.add_command(index.index)
main.add_command(serve.serve)
main.add_command(verify.verify_command)
