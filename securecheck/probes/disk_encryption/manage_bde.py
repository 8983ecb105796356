"""Pure parser for `manage-bde -status C:` in any display language (Windows without the
BitLocker PowerShell module: Home editions, Server without the feature's tools).

Every label and state word is translated; the layout is not. The volume's block lists, in
this order: size, BitLocker version, conversion status, percentage encrypted, encryption
method, protection status, lock status, identification field, key protectors. The parser
finds the percentage by its shape ("100.0%", "100,0 %"), then reads the encryption method
after it (an AES name or "None" in some language) and the protection status after that.
The conversion and protection words are looked up in tables of known translations; a state
no table knows leaves the answer unknown rather than guessed.
"""

from __future__ import annotations

import re

from securecheck.probes.disk_encryption.parsers import Verdict

_PERCENT = re.compile(r"^(\d{1,3}(?:[.,]\d+)?)\s*%$")
# "Volume C: [OS]", "Volume "C:" [OS]" (German), "ボリューム C: [OS]": a drive letter and the
# bracketed label. A path ("PS C:\\Users>") is not a volume header.
_VOLUME_HEADER = re.compile(r"(?<![\w\\])[A-Za-z]:\"?\s*\[")
_AES = re.compile(r"\b(?:XTS-)?AES[- ]?(?:128|256)\b", re.IGNORECASE)


def _words(*items: str) -> tuple[str, ...]:
    return items


# Protection status (lower case, spaces normalised): the translations of "Protection On" /
# "Protection Off" in the display languages of Windows.
PROTECTION_ON = _words(
    "protection on", "der schutz ist aktiviert", "schutz aktiviert", "protection activée",
    "protección activada", "protezione attivata", "proteção ativada", "защита включена",
    "保护启用", "保护已启用", "保護開啟", "保護は有効", "保護はオン", "보호 설정", "보호 켜짐",
    "bescherming aan", "ochrona włączona", "koruma açık", "ochrana zapnuta", "védelem bekapcsolva",
    "skydd på", "beskyttelse til", "suojaus käytössä",
)  # fmt: skip
PROTECTION_OFF = _words(
    "protection off", "der schutz ist deaktiviert", "schutz deaktiviert", "protection désactivée",
    "protección desactivada", "protezione disattivata", "proteção desativada",
    "защита отключена", "保护关闭", "保护已关闭", "保護關閉", "保護は無効", "保護はオフ",
    "보호 해제", "보호 꺼짐", "bescherming uit", "ochrona wyłączona", "koruma kapalı",
    "ochrana vypnuta", "védelem kikapcsolva", "skydd av", "beskyttelse fra", "suojaus ei käytössä",
)  # fmt: skip
# Conversion status words that tell the direction of a conversion in progress.
DECRYPTING = _words(
    "decryption in progress", "decryption paused", "entschlüsselung wird durchgeführt",
    "entschlüsselung angehalten", "déchiffrement en cours", "déchiffrement suspendu",
    "descifrado en curso", "descifrado en progreso", "descifrado en pausa",
    "decrittografia in corso",
    "descriptografia em andamento", "выполняется расшифровка", "расшифровка приостановлена",
    "正在解密", "解密已暂停", "解密中", "暗号化解除を実行中", "암호 해독 중",
)  # fmt: skip
ENCRYPTING = _words(
    "encryption in progress", "encryption paused", "verschlüsselung wird durchgeführt",
    "verschlüsselung angehalten", "chiffrement en cours", "chiffrement suspendu",
    "cifrado en curso", "cifrado en progreso", "cifrado en pausa", "crittografia in corso",
    "criptografia em andamento", "выполняется шифрование", "шифрование приостановлено",
    "正在加密", "加密已暂停", "加密中", "暗号化を実行中", "암호화 중",
)  # fmt: skip


def _norm(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split()).lower().rstrip(".。")


def _values(text: str) -> list[str]:
    """`label: value` values of the first volume block, in order (':' or '：', French ' :')."""
    values: list[str] = []
    started = False
    # A capture pasted with a margin (a list item in a README) keeps its layout relative to
    # the shallowest line: remove that margin first.
    lines = text.splitlines()
    margin = min((len(ln) - len(ln.lstrip(" \t")) for ln in lines if ln.strip()), default=0)
    for line in (ln[margin:] for ln in lines):
        if not line.strip():
            continue
        indented = line.startswith((" ", "\t"))
        if not indented:
            if started and values:
                break  # the next volume
            started = started or bool(_VOLUME_HEADER.search(line))
            continue
        cut = min((p for p in (line.find(":"), line.find("：")) if p > 0), default=-1)
        if cut < 0 or not started:
            continue  # a key protector under "Key Protectors:"
        values.append(line[cut + 1 :].strip())
    return values


def parse_manage_bde(text: str) -> Verdict | None:
    """`manage-bde -status <drive>`; None when no volume block with a percentage is there."""
    values = _values(text)
    at = next((i for i, v in enumerate(values) if _PERCENT.match(v)), None)
    if at is None or at < 2:
        return None  # size, version and conversion status come before the percentage
    m = _PERCENT.match(values[at])
    assert m is not None
    percent = float(m.group(1).replace(",", "."))
    method = values[at + 1] if at + 1 < len(values) else ""
    protection = _norm(values[at + 2]) if at + 2 < len(values) else ""
    conversion = _norm(values[at - 1]) if at > 0 else ""
    aes = bool(_AES.search(method))
    if percent == 0 and not aes:
        return Verdict(False, None, "off")
    if percent < 100:
        if any(conversion.startswith(w) for w in DECRYPTING):
            return Verdict(False, "bitlocker", "decrypting", percent)
        if any(conversion.startswith(w) for w in ENCRYPTING):
            if any(w in conversion for w in ("paus", "angehalten", "suspendu", "приостановлено")):
                return Verdict(False, "bitlocker", "paused", percent)
            return Verdict(None, "bitlocker", "encrypting", percent)
        return Verdict(None, "bitlocker", "encrypting", percent)  # direction unknown: unknown
    if not aes:
        return None  # fully converted but no cipher we recognise
    if any(protection.startswith(w) for w in PROTECTION_ON):
        return Verdict(True, "bitlocker", "on")
    if any(protection.startswith(w) for w in PROTECTION_OFF):
        # Encrypted, but the key lies in the clear on the disk (suspended / waiting).
        return Verdict(False, "bitlocker", "suspended")
    return None  # a protection state in words no table knows
