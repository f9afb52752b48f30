"""`vanban serve --demo SAMPLES`: a demonstration office on the bundled samples: every body
profile imported, one account per role (a signer account per signer entry), the sample
campaigns drafted; only into an empty database, and only in development mode."""

from __future__ import annotations

from pathlib import Path

import click
from sqlalchemy import Engine, select

from engine.accounts.roles import Role
from engine.accounts.users import Account, Grant, account_of, add_user
from engine.awards.documents import slug
from engine.awards.dossier import load_round
from engine.campaign.loader import load_campaign, load_profile
from engine.db.tables import users
from engine.errors import BadValue, InputError
from engine.workflow import draft
from engine.workflow.bodies import add_body

PASSWORD = "demo-vanban-2026"
_STAFF = (("demo-quantri", "Quản Trị Thử", Role.ADMIN), ("demo-soan", "Lê Văn Soạn", Role.DRAFTER),
          ("demo-duyet", "Phạm Thị Duyệt", Role.REVIEWER), ("demo-vanthu", "Hoàng Văn Thư",
                                                            Role.CLERK))


def seed_demo(engine: Engine, samples: Path, data_dir: Path) -> list[str]:
    """Fill an empty database with the demonstration office; return the logins made."""
    with engine.connect() as conn:
        if conn.execute(select(users.c.id)).first() is not None:
            raise BadValue("Cơ sở dữ liệu đã có tài khoản: «--demo» chỉ dùng với cơ sở trống "
                           "(chọn thư mục khác với «--data»).")
    profiles = sorted((samples / "co-quan").glob("*.yaml"))
    if not profiles:
        raise BadValue(f"Không thấy hồ sơ cơ quan trong {samples / 'co-quan'}.")
    bodies = [add_body(engine, path, None) for path in profiles[:1]]
    with engine.begin() as conn:
        admin = add_user(conn, *_STAFF[0][:2], PASSWORD, [Grant(bodies[0], Role.ADMIN)], None)
    bodies += [add_body(engine, path, admin) for path in profiles[1:]]
    logins = [admin.login, *_accounts(engine, admin, bodies, profiles),
              *_award_accounts(engine, samples)]
    drafter = _account(engine, "demo-soan")
    for campaign in sorted(samples.glob("*.yaml")):
        try:
            draft(engine, campaign, data_dir / "van-ban", drafter)
        except InputError as exc:  # a sample with an award round it cannot draft: say so
            click.echo(f"bỏ qua {campaign.name}: {exc.message.splitlines()[0]}", err=True)
    return logins


def _accounts(engine: Engine, admin: Account, bodies: list[str],
              profiles: list[Path]) -> list[str]:
    logins = []
    with engine.begin() as conn:
        admin_now = account_of(conn, admin.login)
        for login, name, role in _STAFF[1:]:
            add_user(conn, login, name, PASSWORD, [Grant(b, role) for b in bodies], admin_now)
            logins.append(login)
        for path in profiles:
            profile = load_profile(path)
            for signer in profile.nguoi_ky.values():
                login = f"demo-{signer.ma}"
                if login in logins:  # two bodies with one signer id: the body tells them apart
                    login = f"demo-{profile.ma}-{signer.ma}"[:50]
                add_user(conn, login, signer.ho_ten, PASSWORD,
                         [Grant(profile.ma, Role.SIGNER, signer.ma)], admin_now)
                logins.append(login)
    return logins


def _award_accounts(engine: Engine, samples: Path) -> list[str]:
    """The award rounds' people: a thường trực hội đồng of each round's body and a thủ trưởng
    of each unit (named by its nomination file, as the round's pages name units)."""
    logins = []
    with engine.begin() as conn:
        admin = account_of(conn, "demo-quantri")
        for path in sorted(samples.glob("*.yaml")):
            campaign = load_campaign(path)
            if not campaign.khen_thuong:
                continue
            body = campaign.documents[0].profile.ma
            grants = [Grant(body, Role.COUNCIL_SECRETARY)]
            login = f"demo-thuongtruc-{path.stem}"[:50]
            add_user(conn, login, "Thường Trực Hội Đồng", PASSWORD, grants, admin)
            logins.append(login)
            _, submissions = load_round(path)
            for ref, submission in zip(campaign.khen_thuong["de_nghi"], submissions, strict=True):
                unit = slug(Path(ref).stem)
                login = f"demo-td-{unit}"[:50]
                if login in logins:  # two rounds name a unit alike: the later says its body
                    login = f"demo-td-{body}-{unit}"[:50]
                add_user(conn, login, f"Thủ trưởng {submission.unit}"[:50], PASSWORD,
                         [Grant(body, Role.UNIT_HEAD, unit=unit)], admin)
                logins.append(login)
    return logins


def _account(engine: Engine, login: str) -> Account:
    with engine.connect() as conn:
        return account_of(conn, login)
