"""Writing documents in the browser: the form (one document, validated like a campaign file),
editing it, uploading a campaign file, exporting one as YAML."""

from __future__ import annotations

import functools
import io
import json
import re
import secrets
import shutil
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from flask import Blueprint, current_app, redirect, render_template, request, send_file, url_for
from flask_login import login_required
from sqlalchemy import select
from werkzeug.wrappers import Response

from engine.accounts.roles import Role
from engine.base.files import write_atomic
from engine.campaign.loader import load_campaign, load_profile
from engine.campaign.models import Profile
from engine.campaign.yaml_reader import Sources
from engine.campaign.yaml_writer import dump
from engine.db.tables import bodies
from engine.errors import AccessDenied, InputError, WorkflowError
from engine.web import body_editor, compose
from engine.web.access import account, engine, refuse, visible_document
from engine.web.forms import DocumentForm, UploadForm, choices
from engine.workflow import draft
from engine.workflow.export import export_campaign
from engine.workflow.states import State

blueprint = Blueprint("campaigns", __name__)
FORM_FILE = "bieu-mau.json"


def _data_dir() -> Path:
    folder: Path = current_app.config["VANBAN_SETTINGS"].data_dir
    return folder


def _profiles() -> dict[str, tuple[Profile, str]]:
    """The bodies where the account drafts, with their imported profiles (and texts)."""
    mine = {g.body for g in account().grants if g.role is Role.DRAFTER}
    found = {}
    with engine().connect() as conn:
        for ma, text in conn.execute(select(bodies.c.ma, bodies.c.profile).where(
                bodies.c.ma.in_(sorted(mine)), bodies.c.profile.is_not(None))):
            found[ma] = (_parsed_profile(ma, text), text)
    return found


@functools.lru_cache(maxsize=64)
def _parsed_profile(ma: str, text: str) -> Profile:
    """A body's imported profile, validated once per text (the form asks for it on every
    keystroke check)."""
    key = Sources.key(Path(f"/{ma}.yaml"))
    return load_profile(Path(key), Sources({key: text.encode("utf-8")}))


def _form(profiles: dict[str, tuple[Profile, str]], data: dict[str, Any] | None = None
          ) -> DocumentForm:
    """The form, with the chosen body's signers and units; a GET that carries the form's
    values (the kind was changed: htmx asks for the fields of the new kind) keeps them."""
    if request.method == "GET" and "loai" in request.args:
        form = DocumentForm(formdata=request.args, meta={"csrf": False})
    else:
        form = DocumentForm(data=data)
    form.co_quan.choices = choices((ma, p.ten) for ma, (p, _) in sorted(profiles.items()))
    chosen = profiles.get(form.co_quan.data or "") or next(iter(profiles.values()), None)
    signers = chosen[0].nguoi_ky.values() if chosen else []
    units = chosen[0].don_vi.items() if chosen else []
    form.nguoi_ky.choices = choices((s.ma, f"{s.ho_ten} ({s.chuc_vu})") for s in signers)
    form.don_vi_soan_thao.choices = choices([("", "—"), *((ma, f"{ma}: {ten}")
                                                         for ma, ten in units)])
    return form


@blueprint.route("/van-ban-moi", methods=["GET", "POST"])
@login_required
def new_document() -> Any:
    profiles = _profiles()
    if not profiles:
        refuse(403, "Bạn không có vai trò soạn thảo ở cơ quan nào đã nhập hồ sơ.")
    form = _form(profiles, {"co_quan": request.args.get("co_quan")} if request.method == "GET"
                 else None)
    editor = _editor(form, None)
    if "thao_tac" not in request.form and form.validate_on_submit():
        folder = _data_dir() / "chien-dich" / secrets.token_hex(8)
        result = _save(form, editor, profiles, folder, f"web-{folder.name}")
        if isinstance(result, str):
            return redirect(url_for("documents.document_page", doc_id=result), 303)
        shutil.rmtree(folder, ignore_errors=True)
    return _render(form, editor, None)


EDITABLE = (State.DRAFT.value, State.RETURNED.value)  # as documents._editable shows the button


@blueprint.route("/van-ban/<path:doc_id>/sua", methods=["GET", "POST"])
@login_required
def edit_document(doc_id: str) -> Any:
    row = visible_document(doc_id)
    stored = Path(row.campaign).with_name(FORM_FILE)
    if not stored.is_file():
        refuse(404, "Văn bản này không tạo từ biểu mẫu: sửa tệp chiến dịch rồi tải lên lại.")
    if row.state not in EDITABLE:
        refuse(409, "Chỉ sửa được văn bản dự thảo hoặc bị trả lại; văn bản này đang ở bước "
                    f"«{row.state}».")
    profiles = _profiles()
    if row.body not in profiles:
        refuse(403, "Bạn không có vai trò soạn thảo của cơ quan này.")
    data = json.loads(stored.read_text("utf-8")) if request.method == "GET" else None
    form = _form(profiles, data)
    editor = _editor(form, data)
    if "thao_tac" not in request.form and form.validate_on_submit():
        result = _save(form, editor, profiles, Path(row.campaign).parent, row.campaign_id)
        if isinstance(result, str):
            return redirect(url_for("documents.document_page", doc_id=result), 303)
    return _render(form, editor, row)


def _editor(form: DocumentForm, stored: dict[str, Any] | None) -> body_editor.Editor:
    """The body's blocks: from a saved form, else as posted (after the editor's button, if one
    was pressed), else one empty paragraph to start with."""
    if stored is not None:
        blocks = body_editor.from_stored(stored.get("noi_dung"),
                                         form.loai.data in compose.ARTICLES)
    else:
        values = request.form if request.method == "POST" else request.args
        blocks = body_editor.apply(body_editor.from_form(values),
                                   values.get("thao_tac", ""))
    return body_editor.Editor(blocks or [body_editor.new_block("doan")])


def _render(form: DocumentForm, editor: body_editor.Editor, editing: Any) -> tuple[str, int]:
    kind = form.loai.data or "cong_van"
    own = compose.OWN_FIELDS.get(kind, set())
    shown = [name for name in form._fields if name != "csrf_token" and (
        name in own or not any(name in fields for fields in compose.OWN_FIELDS.values()))]
    failed = request.method == "POST" and "thao_tac" not in request.form and (
        form.errors or form.form_errors or editor.invalid())
    return render_template("new_document.html", form=form, editor=editor, editing=editing,
                           shown=shown, KINDS=body_editor.KINDS,
                           articles=kind in compose.ARTICLES), 400 if failed else 200


def _fields(form: DocumentForm) -> dict[str, str]:
    return {name: field.data or "" for name, field in form._fields.items()
            if name != "csrf_token"}


def _checked(form: DocumentForm, editor: body_editor.Editor,
             profiles: dict[str, tuple[Profile, str]], campaign_id: str) -> bytes | None:
    """The form's campaign file, validated by the campaign loader in a scratch folder with the
    body's profile; None with the problems put on the form's fields and the body's blocks."""
    editor.errors.extend(body_editor.checked(editor.blocks))
    fields = _fields(form)
    body, editor.where = body_editor.to_body(editor.blocks, fields["loai"] in compose.ARTICLES)
    text = dump(compose.campaign_data(fields, body, campaign_id)).encode("utf-8")
    with tempfile.TemporaryDirectory() as work:
        (Path(work) / "co-quan.yaml").write_text(profiles[fields["co_quan"]][1], "utf-8")
        (Path(work) / "chien-dich.yaml").write_bytes(text)
        try:
            load_campaign(Path(work) / "chien-dich.yaml")
        except InputError as exc:
            _show(form, editor, exc)
            return None
    return None if editor.invalid() else text


def _save(form: DocumentForm, editor: body_editor.Editor,
          profiles: dict[str, tuple[Profile, str]], folder: Path, campaign_id: str
          ) -> str | None:
    """Write the form's campaign (validated first, then atomically) and draft it; return the
    document's id, or None with the problems put on the form's fields."""
    text = _checked(form, editor, profiles, campaign_id)
    if text is None:
        return None
    folder.mkdir(parents=True, exist_ok=True)
    write_atomic(folder / "co-quan.yaml", profiles[form.co_quan.data][1].encode("utf-8"))
    write_atomic(folder / "chien-dich.yaml", text)
    saved = {**_fields(form), "noi_dung": [block.stored() for block in editor.blocks]}
    write_atomic(folder / FORM_FILE, json.dumps(saved, ensure_ascii=False).encode("utf-8"))
    try:
        drafted = draft(engine(), folder / "chien-dich.yaml", _data_dir() / "van-ban", account())
    except AccessDenied as exc:
        refuse(403, exc.message)
    except WorkflowError as exc:
        form.form_errors.append(exc.message)
        return None
    return drafted.ids[0]


@blueprint.route("/van-ban-moi/kiem-tra", methods=["POST"])
@login_required
def check_document() -> str:
    """The form's errors while it is being filled (htmx): the error area of the field that
    changed (or of the body's block), replaced out of band; nothing is stored."""
    profiles = _profiles()
    if not profiles:
        refuse(403, "Bạn không có vai trò soạn thảo ở cơ quan nào đã nhập hồ sơ.")
    form = _form(profiles)
    editor = body_editor.Editor(body_editor.from_form(request.form))
    if form.validate() and form.co_quan.data in profiles:
        _checked(form, editor, profiles, "kiem-tra")
    changed = request.headers.get("HX-Trigger-Name") or ""
    block = re.fullmatch(r"khoi-(\d{1,3})-.*", changed)
    return render_template(
        "_field_errors.html", form=form, editor=editor,
        shown={changed} if changed in form._fields else set() if block else set(form._fields),
        blocks={int(block[1])} if block else set() if changed else set(range(len(
            editor.blocks))))


def _show(form: DocumentForm, editor: body_editor.Editor, error: InputError) -> None:
    for problem in error.problems:
        index = body_editor.block_at(problem.field, editor.where)
        name = compose.field_of(problem)
        target = form._fields.get(name)
        if index is not None:  # an empty value the editor already named is not named twice
            block = editor.blocks[index]
            if not (block.errors and problem.code == "empty-value"):
                block.errors.append(problem.message)
        elif target is not None:
            target.errors = [*target.errors, problem.message]
        elif name == "noi_dung":
            editor.errors[:] = editor.errors or [problem.message]
        else:
            form.form_errors.append(f"{problem.field}: {problem.message}")


@blueprint.route("/tai-len", methods=["GET", "POST"])
@login_required
def upload() -> Any:
    """A campaign file: its `co_quan:` names imported bodies by file name
    (`co-quan/<mã cơ quan>.yaml`); their profiles come from the database."""
    form = UploadForm()
    problems: list[str] = []
    if form.validate_on_submit():
        folder = _data_dir() / "chien-dich" / secrets.token_hex(8)
        result = _draft_upload(form.tep.data.read(), folder, problems)
        if result is not None:
            return redirect(url_for("documents.document_page", doc_id=result), 303)
        shutil.rmtree(folder, ignore_errors=True)
    return render_template("upload.html", form=form, problems=problems), \
        400 if problems or form.errors else 200


def _draft_upload(data: bytes, folder: Path, problems: list[str]) -> str | None:
    from engine.campaign import yaml_reader

    key = Sources.key(Path("/tai-len/chien-dich.yaml"))
    parsed = yaml_reader.load(Path(key), "chien-dich.yaml", Sources({key: data}))
    refs = parsed.data.get("co_quan") if isinstance(parsed.data, dict) else None
    refs = {"": refs} if isinstance(refs, str) else refs if isinstance(refs, dict) else {}
    profiles = _profiles()
    for ref in refs.values():
        name = Path(str(ref))
        if name.is_absolute() or ".." in name.parts or name.stem not in profiles:
            problems.append(f"co_quan «{ref}»: phải là «co-quan/<mã>.yaml» của một cơ quan bạn "
                            f"soạn thảo ({', '.join(sorted(profiles)) or 'không có'})")
            continue
        write_atomic(folder / name, profiles[name.stem][1].encode("utf-8"))
    if problems:
        return None
    write_atomic(folder / "chien-dich.yaml", data)
    try:
        return draft(engine(), folder / "chien-dich.yaml", _data_dir() / "van-ban",
                     account()).ids[0]
    except InputError as exc:
        problems.extend(str(p).replace(str(folder) + "/", "") for p in exc.problems)
    except AccessDenied as exc:
        refuse(403, exc.message)
    except WorkflowError as exc:
        problems.append(_without_folders(exc.message))
    return None


def _without_folders(message: str) -> str:
    """`message` without the server's campaign folders (a clerk sees only the file names)."""
    return re.sub(re.escape(str(_data_dir() / "chien-dich")) + r"/[0-9a-zA-Z_-]+/", "",
                  message)


@blueprint.route("/chien-dich/<campaign_id>/xuat")
@login_required
def export(campaign_id: str) -> Response:
    """The campaign as the YAML the database holds, zipped."""
    with tempfile.TemporaryDirectory() as work:
        try:
            written = export_campaign(engine(), campaign_id, Path(work), account())
        except (AccessDenied, WorkflowError):
            refuse(404, "Không tìm thấy chiến dịch.")
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in written:
                archive.write(path, path.relative_to(work))
    buffer.seek(0)
    return send_file(buffer, as_attachment=True, download_name=f"{campaign_id}.zip",
                     mimetype="application/zip")
