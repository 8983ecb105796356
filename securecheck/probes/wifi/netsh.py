"""Pure parser for Windows `netsh wlan show interfaces`, in any display language.

Labels and some values are translated ("BSSID" is "AP BSSID", or in French Windows 11
"Point d'accès d'identificateur SSID (Service Set Identifier)"; "Open" is "Offen", "Ouvrir",
"Abierta", "开放式"...), so the parser does not look for labels. It reads the *shapes* of the
values and their *order*, which every language shares:

    Name, Description, GUID, Physical address (MAC), [Interface type], State, SSID,
    BSSID (MAC), [Band, Channel], Network type, Radio type (802.11…), Authentication,
    Cipher, Connection mode, …

An interface block is a run of `label : value` lines holding a GUID-shaped or MAC-shaped
value (hex digits, or x/X/* where a tool or a person redacted them). It is connected when it
shows an access point (a second MAC), an SSID line, a radio type (printed only while
associated), or a state word known to mean connected. Authentication is the value after the
radio type, cipher the one after that. A value no table knows gives `security` None: the
probe then says it cannot tell, never guesses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from securecheck.probes.wifi.parsers import WifiLink

_H = "[0-9a-fA-FxX*]"
_GUID = re.compile(rf"^\{{?{_H}{{8}}-{_H}{{4}}-{_H}{{4}}-{_H}{{4}}-{_H}{{12}}\}}?$")
_MAC = re.compile(rf"^{_H}{{2}}([:-]){_H}{{2}}(?:\1{_H}{{2}}){{4}}$")
_RADIO = re.compile(r"^802\.11\s*[a-z]{1,2}\b", re.IGNORECASE)
_FAMILY = re.compile(r"^(WPA3|WPA2|WPA1|WPA|OWE)(?![0-9])", re.IGNORECASE)
_CIPHERS = {"CCMP", "GCMP", "GCMP-256", "CCMP-256", "TKIP", "WEP", "WEP-40", "WEP-104", "BIP"}


def _words(*items: str) -> frozenset[str]:
    return frozenset(items)


# "Open" authentication in the display languages of Windows (and a few spellings drivers use).
OPEN_WORDS = _words(
    "open", "offen", "ouvrir", "ouvert", "ouverte", "abierta", "abierto", "aberto", "aberta",
    "aperta", "aperto", "open systeem", "openen", "otwarte", "otwarty", "açık", "otevřené",
    "otevřený", "nyílt", "nyitott", "öppen", "åben", "åpen", "avoin", "ανοικτό", "ανοιχτό",
    "открыть", "открытая", "открытый", "открытая система", "відкрита", "відкрити", "відкритий",
    "开放式", "开放", "開放", "開放式", "オープン", "개방", "열림", "mở", "terbuka", "เปิด",
    "פתוח", "مفتوح", "deschis", "otvorené", "odprto", "atvērts", "atvira", "avatud",
)  # fmt: skip
SHARED_WORDS = _words(
    "shared", "freigegeben", "partagé", "partagée", "compartida", "compartido", "condiviso",
    "condivisa", "gedeeld", "współdzielony", "udostępniony", "paylaşılan", "sdílený",
    "megosztott", "delad", "delt", "jaettu", "κοινόχρηστο", "общий", "спільний", "共享", "共用",
    "共有", "공유", "chia sẻ",
)  # fmt: skip
NONE_WORDS = _words(
    "none", "keine", "kein", "aucun", "aucune", "ninguna", "ninguno", "nessuna", "nessuno",
    "nenhuma", "nenhum", "geen", "brak", "yok", "žádné", "žádná", "nincs", "ingen", "ei mitään",
    "ei mitään salausta", "καμία", "нет", "немає", "відсутнє", "无", "無", "なし", "없음",
    "không có", "tidak ada", "ไม่มี",
)  # fmt: skip
# After "WPA2"/"WPA3": the personal (pre-shared key) and enterprise (802.1X) words.
PERSONAL_WORDS = _words(
    "personal", "personnel", "pessoal", "persönlich", "personale", "persoonlijk", "osobisty",
    "osobní", "kişisel", "személyes", "henkilökohtainen", "privat", "προσωπικό", "персональный",
    "личный", "особистий", "个人", "個人", "パーソナル", "개인", "cá nhân", "pribadi",
    "psk", "sae",
)  # fmt: skip
ENTERPRISE_WORDS = _words(
    "enterprise", "entreprise", "empresa", "empresarial", "unternehmen", "azienda",
    "aziendale", "onderneming", "zakelijk", "przedsiębiorstwo", "firmowy", "kurumsal",
    "podnik", "podniková", "vállalati", "företag", "virksomhed", "bedrift", "yritys",
    "επιχείρηση", "корпоративный", "предприятие", "підприємство", "企业", "企業",
    "エンタープライズ", "엔터프라이즈", "doanh nghiệp", "perusahaan", "192", "802.1x", "eap",
)  # fmt: skip
# State values that mean "connected" (translated); used only when SSID and BSSID lines are
# missing (a redacting tool removed them), never to decide "not connected".
CONNECTED_WORDS = _words(
    "connected", "verbunden", "connecté", "conectado", "conectada", "connesso", "connessa",
    "verbonden", "połączono", "bağlandı", "bağlı", "připojeno", "csatlakoztatva", "ansluten",
    "tilsluttet", "tilkoblet", "yhdistetty", "συνδεδεμένο", "подключено", "підключено",
    "已连接", "已連線", "接続されました", "接続済み", "연결됨", "đã kết nối", "terhubung",
)  # fmt: skip
# State values that mean "disconnected" (translated). Only believed when no access point
# (BSSID) and no radio type is shown either: those are printed only while associated.
DISCONNECTED_WORDS = _words(
    "disconnected", "getrennt", "déconnecté", "desconectado", "desconectada", "disconnesso",
    "disconnessa", "verbinding verbroken", "niet verbonden", "rozłączono", "bağlantı kesildi",
    "odpojeno", "leválasztva", "frånkopplad", "afbrudt", "frakoblet", "yhteys katkaistu",
    "αποσυνδέθηκε", "отключено", "разъединено", "відключено", "已断开连接", "已中斷連線",
    "切断", "切断されました", "연결 끊김", "연결 끊어짐", "đã ngắt kết nối", "terputus",
)  # fmt: skip
# "There is no wireless interface on the system." in the languages we could find it in.
_NO_INTERFACE_PHRASES = (
    "there is no wireless interface on the system",
    "es ist keine drahtlosschnittstelle",
    "aucune interface sans fil",
    "no hay ninguna interfaz inalámbrica",
    "nessuna interfaccia wireless",
    "não há nenhuma interface sem fio",
    "в системе нет беспроводного интерфейса",
    "系统上没有无线接口",
    "系統上沒有無線介面",
    "システムにワイヤレス インターフェイスがありません",
    "시스템에 무선 인터페이스가 없습니다",
)


@dataclass(frozen=True)
class NetshProblem:
    kind: Literal["location", "no_interface", "no_blocks"]
    message: str = ""  # netsh's own first line, for the reason


def _norm(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split()).lower()


def _split_label(line: str) -> tuple[str, str] | None:
    """`    Label   : value` -> (label, value); the first ':' or '：' separates them."""
    positions = [p for p in (line.find(":"), line.find("：")) if p > 0]
    if not positions:
        return None
    cut = min(positions)
    label = _norm(line[:cut])
    if not label or label.startswith("#"):
        return None
    return label, line[cut + 1 :].strip()


def _blocks(text: str) -> list[list[tuple[str, str]]]:
    """Runs of `label : value` lines; a blank or unlabelled line ends a run, except an
    indented one, which continues the previous value ("Radio status : Hardware On" /
    "                 Software On")."""
    blocks: list[list[tuple[str, str]]] = [[]]
    for line in text.splitlines():
        pair = _split_label(line)
        if pair is None:
            if not line.strip() or not line.startswith((" ", "\t")):
                blocks.append([])
            continue
        blocks[-1].append(pair)
    return [b for b in blocks if b]


def _interfaces(text: str) -> list[list[tuple[str, str]]]:
    """Blocks that describe an interface, one per GUID even if no blank line separates them
    (each interface starts two lines before its GUID: name and description)."""
    found: list[list[tuple[str, str]]] = []
    for block in _blocks(text):
        guids = [i for i, (_, v) in enumerate(block) if _GUID.match(v)]
        if not guids and not any(_MAC.match(v) for _, v in block):
            continue
        starts = [0] + [max(g - 2, 0) for g in guids[1:]]
        for start, end in zip(starts, [*starts[1:], len(block)], strict=True):
            found.append(block[start:end])
    return found


def _lower_in(value: str, words: frozenset[str]) -> bool:
    return _norm(value) in words


def security_from_netsh(auth: str, cipher: str) -> str | None:
    """netsh Authentication + Cipher values -> a security level (None: cannot tell)."""
    value = " ".join(auth.split())
    cipher_up = cipher.strip().upper()
    family = _FAMILY.match(value)
    if family:
        name = family.group(1).upper()
        if name == "OWE":
            return "owe"
        if name in ("WPA", "WPA1"):
            return "wpa"
        rest = _norm(value[family.end() :]).strip(" -–—_/()")
        if not rest or rest in PERSONAL_WORDS:
            return name.lower()
        if any(word in rest for word in ENTERPRISE_WORDS):
            return "enterprise"
        if any(word in rest for word in PERSONAL_WORDS):
            return name.lower()
        return None  # a WPA2/WPA3 variant in words we do not know
    if cipher_up.startswith("WEP") or _lower_in(value, SHARED_WORDS):
        return "wep"
    if _lower_in(value, OPEN_WORDS):
        return "open"
    if _lower_in(cipher, NONE_WORDS) and cipher_up not in _CIPHERS:
        return "open"  # no cipher and no WPA: the only such authentication is open
    return None


def _link(block: list[tuple[str, str]]) -> WifiLink:
    labels = [label for label, _ in block]
    values = [value for _, value in block]
    macs = [i for i, v in enumerate(values) if _MAC.match(v)]
    bssid = next((i for i in macs if "bssid" in labels[i]), None)
    if bssid is None and len(macs) >= 2:
        bssid = macs[1]  # the first MAC is the adapter's own (physical address)
    ssid_at = next(
        (i for i, label in enumerate(labels) if label == "ssid" and values[i].strip()), None
    )
    if ssid_at is None and bssid is not None and bssid > 0:
        before = values[bssid - 1]
        if not _MAC.match(before) and not _GUID.match(before):
            ssid_at = bssid - 1  # the SSID line comes right before the BSSID in every layout
    # After the adapter's own address: some adapters' descriptions start with "802.11n".
    first = macs[0] + 1 if macs else 0
    radio = next((i for i, v in enumerate(values) if i >= first and _RADIO.match(v)), None)
    state_connected = any(_lower_in(v, CONNECTED_WORDS) for v in values)
    state_disconnected = any(_lower_in(v, DISCONNECTED_WORDS) for v in values)
    if (
        bssid is None
        and radio is None
        and (state_disconnected or (ssid_at is None and not state_connected))
    ):
        return WifiLink(connected=False)
    ssid = values[ssid_at] if ssid_at is not None else ""
    auth, cipher = "", ""
    if radio is not None and radio + 1 < len(values):
        auth = values[radio + 1]
        cipher = values[radio + 2] if radio + 2 < len(values) else ""
    if not security_from_netsh(auth, cipher):
        # No radio line, or the layout differs: take the WPA-shaped value after the SSID.
        start = (ssid_at if ssid_at is not None else (bssid or 0)) + 1
        rest = values[start:]
        wpa = next((i for i, v in enumerate(rest) if _FAMILY.match(v)), None)
        if wpa is not None:
            auth = rest[wpa]
            cipher = rest[wpa + 1] if wpa + 1 < len(rest) else ""
    return WifiLink(
        connected=True,
        security=security_from_netsh(auth, cipher) if auth else None,
        ssid=ssid or None,
        security_raw=auth,
    )


def parse_netsh_interfaces(text: str) -> WifiLink | NetshProblem:
    """`netsh wlan show interfaces` in any display language.

    The Windows 11 24H2 location-permission refusal names the untranslated settings URI
    `ms-settings:privacy-location`. With several interfaces, a connected one wins.
    """
    if "privacy-location" in text or "WlanQueryInterface returns error 5" in text:
        return NetshProblem("location")
    interfaces = _interfaces(text)
    if not interfaces:
        lowered = _norm(text)
        first = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
        if any(p in lowered for p in _NO_INTERFACE_PHRASES):
            return NetshProblem("no_interface", first)
        return NetshProblem("no_blocks", first)
    links = [_link(b) for b in interfaces]
    return next((link for link in links if link.connected), links[0])
