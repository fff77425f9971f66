"""Hashes, keys, signatures and addresses (哈希、密钥、数字签名与地址).

Hashing uses Python's hashlib; keys and signatures use pycryptodome on three curves:
NIST P-256 (used by many consortium chains), secp256k1 (Bitcoin, Ethereum) and Ed25519.
ECDSA signatures are deterministic (RFC 6979), so the same key and message always give the
same signature — handy when a whole class compares answers.

>>> alice = KeyPair.from_seed("alice")
>>> signature = alice.sign(b"pay bob 5")
>>> alice.verify(b"pay bob 5", signature), alice.verify(b"pay bob 50", signature)
(True, False)
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ledgerkit.errors import CryptoError, InputError
from ledgerkit.i18n import Phrase, register_strings

if TYPE_CHECKING:
    from Crypto.PublicKey.ECC import EccKey

# pycryptodome takes ~90 ms to import, so it is imported where keys are first used:
# `import ledgerkit` stays quick for a learner who only hashes.

CURVES = ("P-256", "Ed25519", "secp256k1")
ADDRESS_BYTES = 20

# Group orders of the ECDSA curves: a private key is a number from 1 to order - 1.
_ORDERS = {
    "P-256": 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551,
    "secp256k1": 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141,
}


def _require_bytes(data: object, what: str = "data") -> bytes:
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise InputError("err.not_bytes", what=what, got=type(data).__name__)
    return bytes(data)


def sha256(data: bytes) -> bytes:
    """SHA-256 of `data` (32 bytes).

    >>> sha256(b"abc").hex()[:8]
    'ba7816bf'
    """
    return hashlib.sha256(_require_bytes(data)).digest()


def double_sha256(data: bytes) -> bytes:
    """SHA-256 applied twice, as Bitcoin hashes headers and transactions.

    >>> double_sha256(b"").hex()[:8]
    '5df6e0e2'
    """
    return hashlib.sha256(hashlib.sha256(_require_bytes(data)).digest()).digest()


def display_hex(digest: bytes) -> str:
    """A hash as block explorers show it: bytes reversed, then hex.

    Bitcoin stores hashes little-endian but people read them as big numbers.

    >>> display_hex(bytes.fromhex("0100"))
    '0001'
    """
    return _require_bytes(digest, "digest")[::-1].hex()


def from_display_hex(text: str) -> bytes:
    """The inverse of `display_hex`: explorer hex to internal byte order.

    >>> from_display_hex("0001").hex()
    '0100'
    """
    return bytes.fromhex(text)[::-1]


def address_of(public_key: bytes) -> str:
    """A short account address: the first 20 bytes of SHA-256 of the public key, in hex.

    >>> len(address_of(b"any public key bytes"))
    40
    """
    return sha256(_require_bytes(public_key, "public_key"))[:ADDRESS_BYTES].hex()


def _check_curve(curve: str) -> str:
    if curve not in CURVES:
        raise InputError("err.unknown_curve", curve=curve, choices=", ".join(CURVES))
    return curve


class KeyPair:
    """A private/public key pair on one curve (or a public key alone, for verifying).

    >>> KeyPair.from_seed("bob", curve="Ed25519").curve
    'Ed25519'
    """

    def __init__(self, key: EccKey) -> None:
        self._key = key
        self.curve = "Ed25519" if key.curve == "Ed25519" else _curve_name(key.curve)
        public = key.public_key()
        if self.curve == "Ed25519":
            self._public_bytes = public.export_key(format="raw")
        else:
            self._public_bytes = public.export_key(format="SEC1", compress=True)
        # Signer objects are made once per key: building them costs as much as a signature.
        self._signer = _signer(key, self.curve) if key.has_private() else None
        self._verifier = _signer(public, self.curve)

    # --- making keys ---------------------------------------------------------------
    @classmethod
    def generate(
        cls, curve: str = "P-256", randfunc: Callable[[int], bytes] | None = None
    ) -> KeyPair:
        """A fresh random key pair; pass `randfunc` to make it reproducible.

        >>> KeyPair.generate("secp256k1").has_private
        True
        """
        from Crypto.PublicKey import ECC

        return cls(ECC.generate(curve=_check_curve(curve), randfunc=randfunc))

    @classmethod
    def from_seed(cls, seed: str | bytes, curve: str = "P-256") -> KeyPair:
        """A key pair derived from a name or phrase, the same every time (for labs only:
        anyone who knows the seed knows the key).

        >>> KeyPair.from_seed("alice").address == KeyPair.from_seed("alice").address
        True
        """
        raw = seed.encode() if isinstance(seed, str) else _require_bytes(seed, "seed")
        secret = sha256(b"ledgerkit seed:" + raw)
        if curve == "Ed25519":
            return cls.from_hex(secret.hex(), curve)
        order = _ORDERS[_check_curve(curve)]
        scalar = int.from_bytes(secret, "big") % (order - 1) + 1
        return cls.from_hex(f"{scalar:064x}", curve)

    @classmethod
    def from_hex(cls, private_hex: str, curve: str = "P-256") -> KeyPair:
        """Import a private key: the 32-byte scalar (ECDSA) or seed (Ed25519), in hex.

        >>> KeyPair.from_hex("01" * 32, "P-256").has_private
        True
        """
        from Crypto.PublicKey import ECC

        _check_curve(curve)
        try:
            secret = bytes.fromhex(private_hex)
        except (ValueError, TypeError):
            raise CryptoError("err.bad_key", curve=curve, detail=Phrase("key.not_hex")) from None
        if len(secret) != 32:  # a digit lost in copy-paste must not make another key
            raise CryptoError("err.bad_key", curve=curve,
                              detail=Phrase("key.length", got=len(secret)))
        try:
            if curve == "Ed25519":
                return cls(ECC.construct(curve=curve, seed=secret))
            return cls(ECC.construct(curve=curve, d=int.from_bytes(secret, "big")))
        except (ValueError, TypeError):  # pycryptodome's reason is English: say it ourselves
            raise CryptoError("err.bad_key", curve=curve, detail=Phrase("key.range")) from None

    @classmethod
    def from_pem(cls, pem: str) -> KeyPair:
        """Import a key written by `to_pem` (private or public; the curve is in the PEM).

        >>> kp = KeyPair.from_seed("carol"); KeyPair.from_pem(kp.to_pem()).address == kp.address
        True
        """
        from Crypto.PublicKey import ECC

        try:
            return cls(ECC.import_key(pem))
        except (ValueError, TypeError, IndexError):
            raise CryptoError("err.bad_key", curve="PEM", detail=Phrase("key.not_pem")) from None

    @classmethod
    def from_public(cls, public_key: bytes, curve: str = "P-256") -> KeyPair:
        """A verify-only key from its public bytes (SEC1 for ECDSA, raw 32 bytes for Ed25519).

        >>> kp = KeyPair.from_seed("dan")
        >>> KeyPair.from_public(kp.public_key).has_private
        False
        """
        from Crypto.PublicKey import ECC
        from Crypto.Signature import eddsa

        _check_curve(curve)
        raw = _require_bytes(public_key, "public_key")
        try:
            if curve == "Ed25519":
                return cls(eddsa.import_public_key(raw))
            return cls(ECC.import_key(raw, curve_name=curve))
        except (ValueError, TypeError, IndexError):
            raise CryptoError("err.bad_key", curve=curve, detail=Phrase("key.not_point")) from None

    # --- reading keys --------------------------------------------------------------
    @property
    def has_private(self) -> bool:
        """True when this pair can sign."""
        return self._key.has_private()

    @property
    def public_key(self) -> bytes:
        """Public key bytes: compressed SEC1 (33 bytes) or raw Ed25519 (32 bytes)."""
        return self._public_bytes

    @property
    def public_hex(self) -> str:
        """The public key in hex."""
        return self.public_key.hex()

    @property
    def address(self) -> str:
        """The account address derived from the public key (see `address_of`)."""
        return address_of(self.public_key)

    def to_hex(self) -> str:
        """Export the private key as 64 hex digits (keep it secret!)."""
        self._require_private()
        if self.curve == "Ed25519":
            return self._key.seed.hex()
        return f"{int(self._key.d):064x}"

    def to_pem(self) -> str:
        """Export as PEM text: the private key if there is one, else the public key."""
        return self._key.export_key(format="PEM")

    # --- signing -------------------------------------------------------------------
    def sign(self, message: bytes) -> bytes:
        """Sign `message`: 64 bytes (r‖s for ECDSA with SHA-256, RFC 6979; R‖S for Ed25519).

        >>> len(KeyPair.from_seed("erin", "secp256k1").sign(b"hi"))
        64
        """
        self._require_private()
        message = _require_bytes(message, "message")
        return self._signer.sign(_prehash(message, self.curve))

    def verify(self, message: bytes, signature: bytes) -> bool:
        """True only if `signature` was made by this key over exactly `message`.

        >>> kp = KeyPair.from_seed("fay"); kp.verify(b"x", kp.sign(b"y"))
        False
        """
        message = _require_bytes(message, "message")
        signature = _require_bytes(signature, "signature")
        try:
            self._verifier.verify(_prehash(message, self.curve), signature)
        except (ValueError, TypeError):
            return False
        return True

    def _require_private(self) -> None:
        if not self.has_private:
            raise CryptoError("err.no_private_key")

    def __repr__(self) -> str:
        kind = "KeyPair" if self.has_private else "PublicKey"
        return f"<{kind} {self.curve} address={self.address}>"


def verify(public_key: bytes, message: bytes, signature: bytes, curve: str = "P-256") -> bool:
    """Verify a signature from the signer's public key bytes alone; junk keys give False.

    >>> kp = KeyPair.from_seed("gus")
    >>> verify(kp.public_key, b"m", kp.sign(b"m"))
    True
    """
    try:
        signer = _public_key_pair(bytes(public_key), curve)
    except (CryptoError, InputError):
        return False
    return signer.verify(message, signature)


@functools.lru_cache(maxsize=4096)
def _public_key_pair(public_key: bytes, curve: str) -> KeyPair:
    # A chain verifies the same few members' keys over and over; importing a key costs as
    # much as a signature check, so each one is imported once.
    return KeyPair.from_public(public_key, curve)


def _curve_name(pycryptodome_name: str) -> str:
    # pycryptodome reports canonical names such as "NIST P-256"; map back to ours.
    names = {"NIST P-256": "P-256", "P-256": "P-256", "secp256k1": "secp256k1"}
    if pycryptodome_name not in names:
        raise CryptoError("err.unknown_curve", curve=pycryptodome_name, choices=", ".join(CURVES))
    return names[pycryptodome_name]


def _signer(key: EccKey, curve: str) -> Any:
    """pycryptodome's signature scheme object for `key` (signs if private, else verifies)."""
    from Crypto.Signature import DSS, eddsa

    if curve == "Ed25519":
        return eddsa.new(key, "rfc8032")
    # 'fips-186-3' (random k) is refused for secp256k1; RFC 6979 works on every curve.
    return DSS.new(key, "deterministic-rfc6979")


def _prehash(message: bytes, curve: str) -> Any:
    """Ed25519 hashes internally (pure EdDSA); ECDSA signs a SHA-256 digest."""
    if curve == "Ed25519":
        return message
    from Crypto.Hash import SHA256

    return SHA256.new(message)


# Why a key was refused, in both languages (the library's own reasons are English only).
register_strings({
    "key.not_hex": ("it is not a string of hexadecimal digits",
                    "它不是十六进制字符串"),
    "key.length": ("a private key is 32 bytes (64 hex digits); got {got} bytes",
                   "私钥必须是 32 字节（64 个十六进制字符）；实际为 {got} 字节"),
    "key.range": ("the number is not a private key of this curve (0 or too large)",
                  "该数值不是这条曲线的私钥（为 0 或过大）"),
    "key.not_pem": ("the text is not a PEM key written by .to_pem()",
                    "这段文本不是由 .to_pem() 导出的 PEM 密钥"),
    "key.not_point": ("the bytes are not a public key on this curve",
                      "这些字节不是这条曲线上的公钥"),
})
