"""A test PKI made at run time (issue 15: no key material is committed): a root CA, the body's
certificate, two personal certificates, an expired one, and a stranger's root.

Every key is a fresh RSA 2048 key; the PKCS#12 files are protected by `PASSPHRASE`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

PASSPHRASE = "mat-khau-chung-thu"


@dataclass(frozen=True)
class Pki:
    """Where the test PKI's files are."""

    root: Path                 # PEM, the trust root
    stranger_root: Path        # PEM, a root nobody configured
    body: Path                 # PKCS#12: the issuing body's certificate (its seal)
    signer: Path               # PKCS#12: the Chủ tịch's personal certificate
    other: Path                # PKCS#12: another person's certificate
    expired: Path              # PKCS#12: expired before the documents were signed
    untrusted: Path            # PKCS#12: issued by the stranger's root
    signer_key_pem: Path       # the signer's key as PKCS#8 PEM (imported into SoftHSM2)
    signer_cert_pem: Path
    tsa: tuple[x509.Certificate, rsa.RSAPrivateKey]   # a timestamp authority (RFC 3161)


def _name(common: str, org: str = "Ủy ban nhân dân thị xã Kinh Môn") -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, org),
                      x509.NameAttribute(NameOID.COMMON_NAME, common)])


def _key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _certificate(subject: x509.Name, key: rsa.RSAPrivateKey, issuer: x509.Name,
                 issuer_key: rsa.RSAPrivateKey, *, ca: bool, start: datetime,
                 end: datetime) -> x509.Certificate:
    builder = (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer)
               .public_key(key.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(start).not_valid_after(end)
               .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
               .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
                              critical=False))
    if ca:
        builder = builder.add_extension(x509.KeyUsage(
            digital_signature=True, content_commitment=False, key_encipherment=False,
            data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
            encipher_only=False, decipher_only=False), critical=True)
    else:
        builder = builder.add_extension(x509.KeyUsage(
            digital_signature=True, content_commitment=True, key_encipherment=False,
            data_encipherment=False, key_agreement=False, key_cert_sign=False, crl_sign=False,
            encipher_only=False, decipher_only=False), critical=True).add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
        builder = builder.add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
            issuer_key.public_key()), critical=False)
    return builder.sign(issuer_key, hashes.SHA256())


def _p12(path: Path, name: str, key: rsa.RSAPrivateKey, cert: x509.Certificate,
         chain: list[x509.Certificate]) -> Path:
    path.write_bytes(pkcs12.serialize_key_and_certificates(
        name.encode(), key, cert, chain,
        serialization.BestAvailableEncryption(PASSPHRASE.encode())))
    return path


def make_pki(folder: Path, signer: str = "Trương Đức San",
             body: str = "Ủy ban nhân dân thị xã Kinh Môn") -> Pki:
    """Make the test PKI's files in `folder`: the certificates name `signer` and `body`."""
    now = datetime.now(UTC)
    start, end = now - timedelta(days=30), now + timedelta(days=365)
    root_key, stranger_key = _key(), _key()
    root_name = _name("CA thử nghiệm vanban", "Tổ chức chứng thực thử nghiệm")
    stranger_name = _name("CA la", "Tổ chức lạ")
    root = _certificate(root_name, root_key, root_name, root_key, ca=True, start=start,
                        end=end + timedelta(days=365))
    stranger = _certificate(stranger_name, stranger_key, stranger_name, stranger_key, ca=True,
                            start=start, end=end)
    (folder / "root.pem").write_bytes(root.public_bytes(serialization.Encoding.PEM))
    (folder / "stranger.pem").write_bytes(stranger.public_bytes(serialization.Encoding.PEM))
    made = {}
    for label, common, issuer, issuer_key, when in (
            ("body", body, root_name, root_key, (start, end)),
            ("signer", signer, root_name, root_key, (start, end)),
            ("other", "Lê Văn Khác", root_name, root_key, (start, end)),
            ("expired", signer, root_name, root_key,
             (now - timedelta(days=400), now - timedelta(days=35))),
            ("untrusted", signer, stranger_name, stranger_key, (start, end))):
        key = _key()
        cert = _certificate(_name(common), key, issuer, issuer_key, ca=False, start=when[0],
                            end=when[1])
        chain = [root if issuer is root_name else stranger]
        made[label] = _p12(folder / f"{label}.p12", label, key, cert, chain)
        if label == "signer":
            (folder / "signer-key.pem").write_bytes(key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption()))
            (folder / "signer-cert.pem").write_bytes(cert.public_bytes(
                serialization.Encoding.PEM))
    return Pki(folder / "root.pem", folder / "stranger.pem", made["body"], made["signer"],
               made["other"], made["expired"], made["untrusted"], folder / "signer-key.pem",
               folder / "signer-cert.pem", _tsa(root_name, root_key, start, end))


def _tsa(issuer: x509.Name, issuer_key: rsa.RSAPrivateKey, start: datetime,
         end: datetime) -> tuple[x509.Certificate, rsa.RSAPrivateKey]:
    key = _key()
    cert = (x509.CertificateBuilder().subject_name(_name("TSA thử nghiệm", "Tổ chức chứng thực "
                                                         "thử nghiệm"))
            .issuer_name(issuer).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(start)
            .not_valid_after(end)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]),
                           critical=True)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
                issuer_key.public_key()), critical=False)
            .sign(issuer_key, hashes.SHA256()))
    return cert, key


def signature_png(path: Path, text: str = "San") -> Path:
    """A handwritten-looking signature: blue strokes on a transparent background."""
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (420, 160), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    points = [(20 + i * 9, 80 + ((-1) ** i) * (20 + (i * 7) % 35)) for i in range(42)]
    draw.line(points, fill=(20, 40, 190, 255), width=5, joint="curve")
    draw.line([(30, 130), (390, 110)], fill=(20, 40, 190, 255), width=4)
    image.save(path, dpi=(200, 200))
    return path


def seal_png(path: Path, diameter_mm: float = 36.0, dpi: int = 300) -> Path:
    """A round seal: red rings and a star on a transparent background, `diameter_mm` across
    at `dpi` (its resolution is recorded in the PNG)."""
    from PIL import Image, ImageDraw

    side = round(diameter_mm / 25.4 * dpi)
    image = Image.new("RGBA", (side, side), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    red = (215, 20, 30, 235)
    draw.ellipse((4, 4, side - 4, side - 4), outline=red, width=max(3, side // 60))
    inner = side // 6
    draw.ellipse((inner, inner, side - inner, side - inner), outline=red, width=max(2, side // 90))
    centre, radius = side / 2, side / 6
    import math
    star = [(centre + radius * (1 if k % 2 == 0 else 0.4) * math.sin(k * math.pi / 5),
             centre - radius * (1 if k % 2 == 0 else 0.4) * math.cos(k * math.pi / 5))
            for k in range(10)]
    draw.polygon(star, fill=red)
    image.save(path, dpi=(dpi, dpi))
    return path


if __name__ == "__main__":  # python tools/pki.py FOLDER: the README walk-through's test PKI
    import argparse

    parser = argparse.ArgumentParser(description="Một hạ tầng khóa thử nghiệm (không dùng thật).")
    parser.add_argument("folder", type=Path)
    parser.add_argument("--signer", default="Trương Đức San", help="họ tên trên chứng thư ký")
    parser.add_argument("--body", default="Ủy ban nhân dân thị xã Kinh Môn",
                        help="tên cơ quan trên chứng thư của cơ quan")
    options = parser.parse_args()
    target = options.folder
    target.mkdir(parents=True, exist_ok=True)
    made = make_pki(target, options.signer, options.body)
    signature_png(target / "chu-ky.png")
    seal_png(target / "dau.png")
    print(f"{target}: root.pem body.p12 signer.p12 chu-ky.png dau.png (mật khẩu {PASSPHRASE})")
