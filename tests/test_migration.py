"""A register written before the integrity migration (0003) keeps its rows, and its audit is
chained and verifiable from then on (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import sqlalchemy

from engine.db.connect import open_engine, upgrade
from engine.workflow import audit_problems, history


def test_a_register_from_before_0003_is_chained_and_verifiable(db_url: str) -> None:
    engine = open_engine(db_url, migrate=False)
    try:
        upgrade(engine, "0002")
        with engine.begin() as conn:
            conn.execute(sqlalchemy.text(
                "INSERT INTO documents (id, campaign, ma, loai, body, series, symbol, trich_yeu, "
                "signer, recipients, archive, state, version, year, number, issued_on, out_dir) "
                "VALUES ('cu/ct-1', 'cu.yaml', 'ct-1', 'chi_thi', 'ubnd-cu', 'chung', "
                "'CT-UBND', 'Về cải cách', 'Nguyễn Văn An', 'Như trên', 'VT', 'da_ban_hanh', 3, "
                "2024, 1, :day, 'out')"), {"day": date(2024, 5, 2)})
            for action, state in (("tao", "du_thao"), ("ban_hanh", "da_ban_hanh")):
                conn.execute(sqlalchemy.text(
                    "INSERT INTO audit (document, actor, role, action, to_state, at) VALUES "
                    "('cu/ct-1', 'Lê Văn Cũ', 'van_thu', :a, :s, :at)"),
                    {"a": action, "s": state, "at": datetime(2024, 5, 2, 3, tzinfo=UTC)})
        upgrade(engine)
        assert [h.action for h in history(engine, "cu/ct-1")] == ["tao", "ban_hanh", "chuyen_doi"]
        assert [p for p in audit_problems(engine) if "thiếu tệp" not in p] == []
        with engine.begin() as conn:
            conn.exec_driver_sql("UPDATE documents SET trich_yeu = 'Sửa lén' WHERE id = 'cu/ct-1'")
        assert any("trich_yeu" in p for p in audit_problems(engine))
    finally:
        engine.dispose()
