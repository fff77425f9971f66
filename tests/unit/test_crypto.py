"""ledgerkit.crypto against published test vectors (哈希与签名的标准测试向量).

Sources of the vectors:
- SHA-256: the examples of FIPS 180-2 (NIST), appendix B.
- Ed25519: RFC 8032 section 7.1, TEST 1 to TEST 3.
- ECDSA P-256 with SHA-256: RFC 6979 appendix A.2.5, message "sample".
"""

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ledgerkit
from ledgerkit import crypto
from ledgerkit.crypto import CURVES, KeyPair
from ledgerkit.errors import CryptoError, InputError, LedgerError

# --- SHA-256 ---------------------------------------------------------------------------

NIST_SHA256 = [
    (b"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
    (b"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
    (
        b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",  # the 448-bit message
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
    ),
]


@pytest.mark.parametrize(("message", "digest"), NIST_SHA256)
def test_sha256_matches_nist_examples(message, digest):
    assert crypto.sha256(message).hex() == digest


def test_double_sha256_is_sha256_twice():
    # sha256d("hello") is the worked example of the Bitcoin wiki's "Protocol documentation".
    assert crypto.double_sha256(b"hello").hex() == (
        "9595c9df90075148eb06860365df33584b75bff782a510c6cd4883a419833d50"
    )
    assert crypto.double_sha256(b"").hex() == (
        "5df6e0e2761359d30a8275058e299fcc0381534545f55cf43e41983f5d4c9456"
    )
    assert crypto.double_sha256(b"abc") == crypto.sha256(crypto.sha256(b"abc"))


def test_hashes_accept_bytearray():
    assert crypto.sha256(bytearray(b"abc")) == crypto.sha256(b"abc")


@pytest.mark.parametrize("function", [crypto.sha256, crypto.double_sha256])
def test_hashing_text_is_a_clear_input_error(function):
    with pytest.raises(InputError) as caught:
        function("abc")
    assert isinstance(caught.value, ValueError)
    assert "encode" in str(caught.value)


def test_display_hex_reverses_the_bytes():
    internal = bytes.fromhex("0102030405")
    assert crypto.display_hex(internal) == "0504030201"
    assert crypto.from_display_hex("0504030201") == internal


@given(st.binary(min_size=32, max_size=32))
def test_display_hex_round_trip(digest):
    assert crypto.from_display_hex(crypto.display_hex(digest)) == digest


# --- Ed25519: RFC 8032 section 7.1 -----------------------------------------------------

RFC8032 = [
    (  # TEST 1: empty message
        "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
        "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
        "",
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555"
        "fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
    ),
    (  # TEST 2: one byte
        "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
        "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
        "72",
        "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
        "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
    ),
    (  # TEST 3: two bytes
        "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
        "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
        "af82",
        "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac"
        "18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a",
    ),
]


@pytest.mark.parametrize(("secret", "public", "message", "signature"), RFC8032)
def test_ed25519_rfc8032_vectors(secret, public, message, signature):
    key = KeyPair.from_hex(secret, "Ed25519")
    message = bytes.fromhex(message)
    assert key.curve == "Ed25519"
    assert key.public_key.hex() == public
    assert key.public_hex == public
    assert key.sign(message).hex() == signature
    assert key.verify(message, bytes.fromhex(signature))
    assert crypto.verify(bytes.fromhex(public), message, bytes.fromhex(signature), "Ed25519")
    assert key.to_hex() == secret


# --- ECDSA P-256: RFC 6979 appendix A.2.5 ----------------------------------------------

RFC6979_X = "C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721"
# The RFC's public key is Ux = 60FED4BA…9FB6, Uy = 7903FE10…2299; Uy is odd, so the
# compressed SEC1 form starts with 03.
RFC6979_PUBLIC = "0360fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6"
RFC6979_R = "EFD48B2AACB6A8FD1140DD9CD45E81D69D2C877B56AAF991C34D0EA84EAF3716"
RFC6979_S = "F7CB1C942D657C41D436C7A1B6E29F65F3E900DBB9AFF4064DC4AB2F843ACDA8"


def test_p256_rfc6979_sample_signature_is_exact():
    key = KeyPair.from_hex(RFC6979_X, "P-256")
    assert key.public_hex == RFC6979_PUBLIC
    signature = key.sign(b"sample")
    assert signature.hex().upper() == RFC6979_R + RFC6979_S
    assert key.verify(b"sample", signature)
    assert crypto.verify(bytes.fromhex(RFC6979_PUBLIC), b"sample", signature, "P-256")
    assert not key.verify(b"sample!", signature)


def test_p256_is_the_default_curve():
    assert KeyPair.from_hex(RFC6979_X).curve == "P-256"
    assert KeyPair.from_seed("alice").curve == "P-256"
    assert KeyPair.generate().curve == "P-256"


# --- every curve ---------------------------------------------------------------------

# Built once: hypothesis runs the tamper tests many times with these keys.
KEYS = {curve: KeyPair.from_seed("ledgerkit tests", curve) for curve in CURVES}


def test_curves_are_the_three_of_the_spec():
    assert set(CURVES) == {"P-256", "Ed25519", "secp256k1"}


@pytest.mark.parametrize("curve", CURVES)
def test_sign_verify_round_trip_and_determinism(curve):
    key = KEYS[curve]
    first, second = key.sign(b"pay bob 5"), key.sign(b"pay bob 5")
    assert len(first) == 64
    assert first == second  # RFC 6979 / RFC 8032: the same message gives the same signature
    assert key.sign(b"pay bob 6") != first
    assert key.verify(b"pay bob 5", first)
    assert crypto.verify(key.public_key, b"pay bob 5", first, curve)


@pytest.mark.parametrize("curve", CURVES)
def test_public_key_sizes(curve):
    public = KEYS[curve].public_key
    if curve == "Ed25519":
        assert len(public) == 32
    else:
        assert len(public) == 33
        assert public[0] in (2, 3)  # compressed SEC1


def _flip(data: bytes, index: int, mask: int) -> bytes:
    index %= len(data)
    return data[:index] + bytes([data[index] ^ mask]) + data[index + 1 :]


@pytest.mark.parametrize("curve", CURVES)
@settings(max_examples=60, deadline=None)
@given(
    message=st.binary(min_size=1, max_size=64),
    index=st.integers(min_value=0, max_value=63),
    mask=st.integers(min_value=1, max_value=255),
)
def test_a_flipped_message_byte_never_verifies(curve, message, index, mask):
    key = KEYS[curve]
    signature = key.sign(message)
    tampered = _flip(message, index, mask)
    assert not key.verify(tampered, signature)
    assert not crypto.verify(key.public_key, tampered, signature, curve)


@pytest.mark.parametrize("curve", CURVES)
@settings(max_examples=60, deadline=None)
@given(
    message=st.binary(max_size=64),
    index=st.integers(min_value=0, max_value=63),
    mask=st.integers(min_value=1, max_value=255),
)
def test_a_flipped_signature_byte_never_verifies(curve, message, index, mask):
    key = KEYS[curve]
    tampered = _flip(key.sign(message), index, mask)
    assert not key.verify(message, tampered)
    assert not crypto.verify(key.public_key, message, tampered, curve)


@pytest.mark.parametrize("curve", CURVES)
def test_another_keys_signature_does_not_verify(curve):
    other = KeyPair.from_seed("someone else", curve)
    assert not KEYS[curve].verify(b"m", other.sign(b"m"))


@pytest.mark.parametrize("curve", CURVES)
@pytest.mark.parametrize(
    "junk", [b"", b"\x00" * 64, b"\xff" * 64, b"\x01" * 63, b"\x01" * 65, b"\x01" * 200]
)
def test_verify_returns_false_on_junk_signatures(curve, junk):
    assert KEYS[curve].verify(b"m", junk) is False
    assert crypto.verify(KEYS[curve].public_key, b"m", junk, curve) is False


@pytest.mark.parametrize("curve", CURVES)
def test_verify_returns_false_on_junk_public_keys(curve):
    signature = KEYS[curve].sign(b"m")
    for junk in (b"", b"\x02" + b"\xff" * 32, b"\x07" * 33, b"\x01" * 10):
        assert crypto.verify(junk, b"m", signature, curve) is False


def test_verify_with_the_wrong_curve_is_false():
    key = KEYS["P-256"]
    assert crypto.verify(key.public_key, b"m", key.sign(b"m"), "secp256k1") is False


@pytest.mark.parametrize("curve", CURVES)
def test_hex_export_import_round_trip(curve):
    key = KEYS[curve]
    exported = key.to_hex()
    assert len(exported) == 64
    int(exported, 16)  # hex digits only
    again = KeyPair.from_hex(exported, curve)
    assert again.public_key == key.public_key
    assert again.sign(b"m") == key.sign(b"m")


@pytest.mark.parametrize("curve", CURVES)
def test_pem_export_import_round_trip(curve):
    key = KEYS[curve]
    pem = key.to_pem()
    assert pem.startswith("-----BEGIN")
    again = KeyPair.from_pem(pem)
    assert again.curve == curve
    assert again.has_private
    assert again.to_hex() == key.to_hex()
    assert again.sign(b"m") == key.sign(b"m")


@pytest.mark.parametrize("curve", CURVES)
def test_public_only_key_round_trips_and_verifies(curve):
    key = KEYS[curve]
    public_only = KeyPair.from_public(key.public_key, curve)
    assert not public_only.has_private
    assert public_only.address == key.address
    assert public_only.verify(b"m", key.sign(b"m"))
    from_pem = KeyPair.from_pem(public_only.to_pem())
    assert not from_pem.has_private
    assert from_pem.curve == curve
    assert from_pem.public_key == key.public_key


@pytest.mark.parametrize("curve", CURVES)
def test_a_public_only_key_cannot_sign(curve):
    public_only = KeyPair.from_public(KEYS[curve].public_key, curve)
    with pytest.raises(CryptoError) as caught:
        public_only.sign(b"m")
    assert isinstance(caught.value, LedgerError)
    assert caught.value.key == "err.no_private_key"
    assert "public key" in str(caught.value)
    with pytest.raises(CryptoError):
        public_only.to_hex()


@pytest.mark.parametrize("curve", CURVES)
def test_from_seed_is_deterministic(curve):
    first, second = KeyPair.from_seed("alice", curve), KeyPair.from_seed("alice", curve)
    assert first.to_hex() == second.to_hex()
    assert first.address == second.address
    assert KeyPair.from_seed("bob", curve).address != first.address
    assert KeyPair.from_seed(b"alice", curve).has_private


def test_from_seed_differs_between_curves():
    addresses = {KeyPair.from_seed("alice", curve).address for curve in CURVES}
    assert len(addresses) == len(CURVES)


@pytest.mark.parametrize("curve", CURVES)
def test_generate_is_random_unless_randfunc_is_given(curve):
    assert KeyPair.generate(curve).address != KeyPair.generate(curve).address

    def seeded_randfunc():
        rng = random.Random(2024)
        return lambda n: rng.getrandbits(8 * n).to_bytes(n, "big")

    first = KeyPair.generate(curve, randfunc=seeded_randfunc())
    second = KeyPair.generate(curve, randfunc=seeded_randfunc())
    assert first.curve == curve
    assert first.public_key == second.public_key


@pytest.mark.parametrize("curve", CURVES)
def test_address_is_40_hex_of_sha256_of_the_public_key(curve):
    key = KEYS[curve]
    assert len(key.address) == 40
    assert key.address == key.address.lower()
    assert key.address == crypto.sha256(key.public_key)[:20].hex()
    assert crypto.address_of(key.public_key) == key.address


def test_addresses_differ_between_keys():
    addresses = {KeyPair.from_seed(f"student {n}").address for n in range(20)}
    assert len(addresses) == 20


# --- bad inputs give clear errors ------------------------------------------------------


@pytest.mark.parametrize(
    "make",
    [
        lambda: KeyPair.generate("P-384"),
        lambda: KeyPair.from_seed("alice", "P-384"),
        lambda: KeyPair.from_hex("01" * 32, "P-384"),
        lambda: KeyPair.from_public(KEYS["P-256"].public_key, "P-384"),
    ],
)
def test_an_unknown_curve_is_a_clear_input_error(make):
    with pytest.raises(InputError) as caught:
        make()
    assert caught.value.key == "err.unknown_curve"
    assert "P-384" in str(caught.value)
    assert "Ed25519" in str(caught.value)  # the message lists the choices


@pytest.mark.parametrize("curve", CURVES)
def test_signing_or_verifying_text_is_an_input_error(curve):
    key = KEYS[curve]
    with pytest.raises(InputError):
        key.sign("pay bob 5")
    with pytest.raises(InputError):
        key.verify("pay bob 5", key.sign(b"pay bob 5"))


@pytest.mark.parametrize("curve", CURVES)
# "01" * 31 is a key pasted with its last two digits missing: to_hex() always writes 64
# digits, so a shorter string is a copying mistake, not a smaller key.
@pytest.mark.parametrize("bad_hex", ["", "zz" * 32, "01" * 31])
def test_bad_private_hex_is_a_crypto_error(curve, bad_hex):
    with pytest.raises(CryptoError) as caught:
        KeyPair.from_hex(bad_hex, curve)
    assert caught.value.key == "err.bad_key"


@pytest.mark.parametrize(
    "scalar",
    [
        "00" * 32,  # zero is not a private key
        "FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551",  # the group order
    ],
)
def test_p256_scalar_out_of_range_is_a_crypto_error(scalar):
    with pytest.raises(CryptoError):
        KeyPair.from_hex(scalar, "P-256")


@pytest.mark.parametrize("pem", ["", "not a pem", "-----BEGIN PRIVATE KEY-----\nAAAA\n"])
def test_bad_pem_is_a_crypto_error(pem):
    with pytest.raises(CryptoError):
        KeyPair.from_pem(pem)


@pytest.mark.parametrize("curve", CURVES)
def test_bad_public_key_bytes_are_a_crypto_error(curve):
    with pytest.raises(CryptoError):
        KeyPair.from_public(b"\x05" * 7, curve)


def test_errors_speak_chinese_after_set_language():
    try:
        ledgerkit.set_language("zh")
        with pytest.raises(CryptoError) as caught:
            KeyPair.from_public(KEYS["P-256"].public_key).sign(b"m")
        assert "公钥" in str(caught.value)
    finally:
        ledgerkit.set_language("en")
