"""One message catalogue for both languages: services say what happened, the UI and CLI word it.

A service raises ``UserError("shift.held", user="kasier1", since=datetime(...))``: a code
and its values, never a sentence. ``word(code, values)`` turns that into the sentence of
the chosen language, formatting each value as that language writes it (money
"1 234,56 €" in Bulgarian and "€1,234.56" in English, times in Europe/Sofia). The
UI sets the language once when it switches (``set_language``), the CLI from ``--lang``
or ``DESK_LANG``; ``str(error)`` then words in it, so a message computed in a worker
reads the same as one computed on the GUI thread.

A value is data and shown as it is, except: Money, numbers, dates and moments (formatted
per language), a ``Message`` (worded in the same language: a field's name
``Message("field.phone")``, a nested reason), and a WORDS key that is namespaced
("what.tenure") or passed under a name ending in "role". A problem with a form,
``Problem("field.phone", Message(...))`` (desk/services/problems.py), names its field by
a "field.*" code the same way. tests/test_messages.py holds the catalogue to this.

No Qt here: the CLI and the services use it too.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from desk.money import Money

SOFIA = ZoneInfo("Europe/Sofia")
LANGUAGES = ("bg", "en")
_language = os.environ.get("DESK_LANG", "bg") if os.environ.get("DESK_LANG") in LANGUAGES else "bg"

# code -> (Bulgarian, English). Values are named in braces: {user}, {amount}.
# Keep codes grouped by the module that raises them; add new ones at the end of the group.
CATALOGUE: dict[str, tuple[str, str]] = {
    # -- generic --------------------------------------------------------------
    "generic.text": ("{text}", "{text}"),
    # -- payments: the tender (desk/services/payments.py, tender_outcome) --------
    "payment.negative": ("сумата не може да е отрицателна", "an amount cannot be negative"),
    "payment.card_over": (
        "с карта: най-много {most}, картата не дава ресто; "
        "намалете сумата с карта или доплатете в брой",
        "by card: at most {most}, a card gives no change; "
        "lower the card amount or pay the rest in cash",
    ),
    "payment.cash_short": (
        "в брой: подадени {given}, дължими {due}; не достигат {missing}",
        "cash: {given} handed over, {due} due; {missing} short",
    ),
    "payment.total_changed": (
        "сумата се промени: {shown} → {now}; прегледайте отново",
        "the amount changed: {shown} → {now}; look at it again",
    ),
    # -- survey cards: a second card (desk/services/survey_cards.py) --------------
    "card.still_out": (
        "{name} (код на платец {payer}) вече има анкетна карта {card}, отпечатана на "
        "{printed} и още невърната",
        "{name} (payer code {payer}) already has survey card {card} out, printed on "
        "{printed} and not returned",
    ),
    # -- the campaign report (desk/printing/campaign_report.py) ------------------------
    "campaign.title": (
        "ОТЧЕТ ЗА КАМПАНИЯТА ЗА ДАННИ ЗА КОНТАКТ",
        "CONTACT DETAILS CAMPAIGN REPORT",
    ),
    "campaign.pdf_title": ("Отчет за кампанията към {on}", "Campaign report as of {on}"),
    "campaign.company": ("{name}, ЕИК {eik}", "{name}, UIC {eik}"),
    "campaign.started": (
        "Кампанията започна на {start}; данни към края на {on}.",
        "The campaign started on {start}; figures as of the end of {on}.",
    ),
    "campaign.printed_by": ("Отпечатал: {user}, {when}", "Printed by: {user}, {when}"),
    # Who printed a report from the command line: the machine's user, not a desk's.
    "campaign.command_line": ("{user} (команден ред)", "{user} (command line)"),
    "campaign.command_line_nobody": ("команден ред", "command line"),
    "campaign.head.active": ("Активни\nплатци", "Active\npayers"),
    "campaign.head.issued": ("Издадени\nкарти", "Cards\nissued"),
    "campaign.head.returned": ("Върнати\nкарти", "Cards\nreturned"),
    "campaign.head.updated": ("Потвърдени/\nпроменени", "Confirmed/\nchanged"),
    "campaign.shares_note": (
        "Дяловете са от активните платци (с текущ имот) на района. Платец с имоти в "
        "няколко района е броен веднъж.",
        "Shares are of the district's active payers (with a current property). A payer "
        "with properties in several districts is counted once.",
    ),
    "campaign.chart_title": (
        "Дял на платците с потвърдени или променени данни по райони",
        "Share of payers with details confirmed or changed, by district",
    ),
    "campaign.page": ("стр. {page} от {pages}", "page {page} of {pages}"),
    # -- the campaign by channel (desk/printing/campaign_report.py, issue 16) -------
    "campaign.channels_title": (
        "Кампанията по канали: карти и потвърдени или променени данни",
        "The campaign by channel: cards, and details confirmed or changed",
    ),
    "campaign.district": ("Район", "District"),
    "campaign.total": ("Общо", "Total"),
    "campaign.outside": (
        "Без текущ имот, празни карти (извън общото)",
        "No current property, blank cards (not in the total)",
    ),
    "campaign.issued": ("Издадени карти", "Cards issued"),
    "campaign.returned": ("Върнати карти", "Cards returned"),
    "campaign.updated": ("Потвърдили или променили (платци)", "Confirmed or changed (payers)"),
    "campaign.channel.pay_desk": ("каса", "pay desk"),
    "campaign.channel.info_centre": ("информационен център", "information centre"),
    "campaign.channel.scanned_card": ("сканирана карта", "scanned card"),
    "campaign.channel.email_card": ("карта по имейл", "e-mail card"),
    "campaign.channel.web": ("уеб формуляр", "web form"),
    "campaign.channels_note": (
        "Карта по имейл се брои в „карта по имейл“, където и да е попълнена (уеб формуляр "
        "или хартия); отпечатана карта, попълнена в уеб формуляра, е в „уеб формуляр“. "
        "Отговор на имейла с електронна фактура, с който платецът потвърждава или променя "
        "данните си, също е в „карта по имейл“. Платецът се брои веднъж във всеки "
        "използван канал, затова сборът по канали може да е по-голям от общото.",
        "An e-mailed card counts under “e-mail card” wherever it was filled in (on the web "
        "form or on paper); a printed card filled in on the web form counts under “web "
        "form”. A reply to an e-invoice e-mail in which the payer confirms or changes "
        "their details also counts under “e-mail card”. A payer counts once in each "
        "channel they used, so the channels may add up to more than the total.",
    ),
    "campaign.email_problems": (
        "Карти по имейл от тази каса, неполучени от платеца: отказани от пощенския "
        "сървър {refused}, върнати като недоставени {bounced}.",
        "E-mailed cards from this desk that did not reach the payer: refused by the mail "
        "server {refused}, bounced as undeliverable {bounced}.",
    ),
    # -- checkout: a partial amount (desk/services/checkout.py) --------------------
    "checkout.amount_range": (
        "{item}: сумата трябва да е от {low} до остатъка {balance}",
        "{item}: the amount must be from {low} to the balance, {balance}",
    ),
    # -- roles (services check who calls them) ----------------------------------
    "role.refused": (
        "{what}: не е разрешено за роля „{role}“",
        "{what}: not allowed for the role “{role}”",
    ),
    "role.supervisor_only": (
        "{what}: само ръководител или администратор",
        "{what}: supervisors and admins only",
    ),
    "role.inactive": (
        "{what}: потребителят е деактивиран",
        "{what}: this user is deactivated",
    ),
    "role.changed": (
        "{what}: ролята ви вече е „{role}“: влезте отново",
        "{what}: your role is now “{role}”: log in again",
    ),
    "role.temporary_password": (
        "{what}: първо сменете временната парола",
        "{what}: choose your own password first",
    ),
    # -- shifts (desk/services/shifts.py) -------------------------------------------
    "shift.float_negative": (
        "начална наличност: не може да е отрицателна",
        "opening float: cannot be negative",
    ),
    "shift.already_open_yours": (
        "смяната ви вече е открита (от {since})",
        "your shift is already open (since {since})",
    ),
    "shift.held": (
        "на каса {desk} има открита смяна на {user} от {since}: тя трябва да я закрие, "
        "или ръководител да я поеме",
        "desk {desk} has a shift open by {user} since {since}: they must close it, "
        "or a supervisor take it over",
    ),
    "shift.none_open": ("няма открита смяна", "no open shift"),
    "shift.takeover_reason": (
        "причина: опишете защо поемате смяната",
        "reason: say why you take the shift over",
    ),
    "shift.takeover_nothing": (
        "на каса {desk} няма открита смяна за поемане",
        "desk {desk} has no open shift to take over",
    ),
    "shift.takeover_own": (
        "смяната вече е ваша",
        "the shift is already yours",
    ),
    "shift.float_confirm": (
        "начална наличност {amount} е над {limit}: потвърдете сумата",
        "an opening float of {amount} is above {limit}: confirm the amount",
    ),
    "shift.close_empty_count": (
        "нищо не е преброено: цялата очаквана наличност {expected} ще се запише като липса",
        "nothing is counted: the whole expected cash of {expected} will be recorded as a shortage",
    ),
    "shift.close_shortage": (
        "липса от {amount} (преброени {counted}): потвърдете закриването",
        "a shortage of {amount} (counted {counted}): confirm the close",
    ),
    "shift.close_surplus": (
        "излишък от {amount} (преброени {counted}): потвърдете закриването",
        "a surplus of {amount} (counted {counted}): confirm the close",
    ),
    "shift.unknown_denomination": (
        "няма такава купюра или монета: {value}",
        "no such note or coin: {value}",
    ),
    "shift.negative_count": (
        "{value}: броят не може да е отрицателен",
        "{value}: the count cannot be negative",
    ),
    # -- identifiers (desk/identifiers.py) ---------------------------------------
    "id.payer_code_digits": ("кодът на платец е 10 цифри", "a payer code is 10 digits"),
    "id.payer_code_check_digit": (
        "грешна контролна цифра на кода на платец",
        "wrong check digit in the payer code",
    ),
    "id.subscriber_number_digits": (
        "абонатният номер е 7 цифри",
        "a subscriber number is 7 digits",
    ),
    "id.invoice_number_digits": ("номерът на фактура е 10 цифри", "an invoice number is 10 digits"),
    "id.egn_invalid": ("невалидно ЕГН", "not a valid EGN (personal number)"),
    "id.eik_invalid": ("невалиден ЕИК/БУЛСТАТ", "not a valid EIK/BULSTAT"),
    # -- field names (Problem.where) ---------------------------------------------
    "field.payer_code": ("код на платец", "payer code"),
    "field.subscriber_number": ("абонатен номер", "subscriber number"),
    # -- the desk command (desk/cli/) ----------------------------------------------
    "cli.description": ("Каса и информационен център", "Pay desk and information centre"),
    "cli.help.db": (
        "локалната база данни (по подразбиране: демо базата)",
        "local database file (default: the demo database)",
    ),
    "cli.help.lang": (
        "език на приложението и на съобщенията (по подразбиране: DESK_LANG или bg)",
        "language of the app and of its messages (default: DESK_LANG or bg)",
    ),
    "cli.help.import": (
        "зареждане на експорт от фактурирането (INTERCHANGE.md)",
        "load a billing export (INTERCHANGE.md)",
    ),
    "cli.help.quote": ("какво дължи платец към дата", "what a payer owes on a day"),
    "cli.help.payer_code": ("кодът на платеца (10 цифри)", "the payer's code (10 digits)"),
    "cli.help.on": ("датата, ГГГГ-ММ-ДД", "the day, YYYY-MM-DD"),
    "cli.help.pay": (
        "задълженията за плащане (по подразбиране: обичайният избор)",
        "the items to pay (default: the usual selection)",
    ),
    "cli.help.json": ("JSON според INTERCHANGE.md", "JSON as INTERCHANGE.md fixes it"),
    "cli.help.file": ("JSON файлът", "the JSON file"),
    "cli.help.demo": ("създаване на демо база", "build a demo database"),
    "cli.help.properties": ("брой имоти", "how many properties"),
    "cli.help.seed": ("начално число на случайните данни", "seed of the random data"),
    "cli.help.set_desk": (
        "коя каса е тази локална база (напр. K2)",
        "say which desk this local database is (e.g. K2)",
    ),
    "cli.help.desk_code": ("кодът на касата, напр. K2", "the desk's code, e.g. K2"),
    "cli.help.report": ("отчети за ръководители, A4 PDF", "supervisors' reports as A4 PDF"),
    "cli.help.daily": (
        "дневният отчет за един ден (или --to до по-късен ден)",
        "the daily report of one day (or --to a later day)",
    ),
    "cli.help.date": ("ГГГГ-ММ-ДД", "YYYY-MM-DD"),
    "cli.help.to": ("ГГГГ-ММ-ДД: последният ден от период", "YYYY-MM-DD: the last day of a range"),
    "cli.help.one_desk": (
        "кодът на една каса, напр. K1 (по подразбиране: всички каси)",
        "one desk's code, e.g. K1 (default: all desks)",
    ),
    "cli.help.out": ("PDF файлът за запис", "the PDF file to write"),
    "cli.help.campaign": (
        "напредъкът на кампанията за контакти по райони",
        "the contact campaign's progress per district",
    ),
    "cli.help.on_today": ("ГГГГ-ММ-ДД (по подразбиране: днес)", "YYYY-MM-DD (default: today)"),
    "cli.help.central": ("централната база PostgreSQL", "the central PostgreSQL database"),
    "cli.help.central_init": (
        "създаване или обновяване на схемата на централната база (Alembic)",
        "create or upgrade the central schema (Alembic)",
    ),
    "cli.help.central_compact": (
        "забравяне на промените, изтеглени от всички свързани каси",
        "forget changes every joined desk has pulled",
    ),
    "cli.help.central_import": (
        "зареждане на експорт от фактурирането в централната база",
        "load a billing export into the central database",
    ),
    "cli.help.central_demo": (
        "истински PostgreSQL на този компютър с демо данни",
        "a real PostgreSQL on this computer with demo data",
    ),
    "cli.help.owner_url": (
        "централната база (адрес на собственика)",
        "the central database (the owner's URL)",
    ),
    "cli.help.demo_dir": (
        "папка за данните (по подразбиране: central/ в папката с данни на потребителя)",
        "data folder (default: central/ in the user data folder)",
    ),
    "cli.help.no_wait": (
        "зареждане, извеждане, спиране на сървъра (данните остават)",
        "load, print, stop the server (data is kept)",
    ),
    "cli.help.add_desk": ("каса и нейната роля в PostgreSQL", "a desk and its PostgreSQL role"),
    "cli.help.user_key": (
        "ключ за одобрение на потребител: с него той подписва промени на потребители от каса",
        "a user's approval key: it signs the user changes he makes at a desk",
    ),
    "cli.help.username": ("потребителско име", "user name"),
    "cli.help.web": (
        "уеб формулярът на кампанията (до централната база)",
        "the campaign's web form (next to the central database)",
    ),
    "cli.help.web_url": (
        "централната база с ролята на уеб формуляра (от desk central web-role)",
        "the central database as the web form's role (from desk central web-role)",
    ),
    "cli.help.web_bind": ("адрес:порт за слушане", "address:port to listen on"),
    "cli.help.per_address": (
        "най-много толкова изпращания от един адрес за 10 минути (по подразбиране 20)",
        "at most this many posts from one address in 10 minutes (default 20)",
    ),
    "cli.help.behind_proxy": (
        "зад HTTPS прокси: адресът на клиента е от X-Forwarded-For, бисквитката е Secure",
        "behind an HTTPS proxy: the client's address from X-Forwarded-For, a Secure cookie",
    ),
    "cli.help.web_role": (
        "ролята в PostgreSQL на уеб формуляра (паролата се показва веднъж)",
        "the web form's PostgreSQL role (its password shown once)",
    ),
    "cli.help.demo_web": (
        "и уеб формулярът на този адрес:порт, напр. 127.0.0.1:8080",
        "and the web form at this address:port, e.g. 127.0.0.1:8080",
    ),
    "cli.help.desk_name": ("името на касата, напр. „Каса 2“", "the desk's name, e.g. 'Desk 2'"),
    "cli.help.desk_kind": ("cashier (каса) или info (информационен център)", "cashier or info"),
    "cli.help.store_in": ("връзката се записва в този файл", "store the connection in this file"),
    "cli.help.join": (
        "локален файл става копие на централната база",
        "make a local file a replica of the central database",
    ),
    "cli.help.join_db": (
        "локалният файл на касата (задължителен), напр. k2.sqlite",
        "the desk's local file (required), e.g. k2.sqlite",
    ),
    "cli.help.join_url": (
        "postgresql://роля@хост/база (по подразбиране: записаната)",
        "postgresql://role@host/dbname (default: as stored)",
    ),
    "cli.help.join_desk": (
        "кодът на касата, която е този файл",
        "the desk code this file works as",
    ),
    "cli.help.password_stdin": (
        "паролата се чете от стандартния вход",
        "read the password from standard input",
    ),
    "cli.help.sync": ("изпращане и изтегляне веднъж, сега", "push and pull once now"),
    "cli.not_a_date": (
        "{option}: не е дата ГГГГ-ММ-ДД: {text}",
        "{option}: not a date (YYYY-MM-DD): {text}",
    ),
    "cli.no_database": ("--db: няма база данни {path}", "--db: no database at {path}"),
    "cli.no_such_file": ("--db: няма такъв файл: {path}", "--db: no such file: {path}"),
    "cli.no_folder": ("--out: няма такава папка: {path}", "--out: no such folder: {path}"),
    "cli.out_is_folder": (
        "--out: {path} е папка; дайте име на файл, напр. {example}",
        "--out: {path} is a folder; give a file name, e.g. {example}",
    ),
    "cli.out_unwritable": (
        "--out: {path} не може да се запише: {reason}",
        "--out: {path} cannot be written: {reason}",
    ),
    "cli.written": ("{path} ({size} байта)", "{path} ({size} bytes)"),
    "cli.desk_set": (
        "тази база данни вече работи като каса {code}",
        "this database now works as desk {code}",
    ),
    "cli.demo_users": (
        "демо потребители: {users} (парола {password})",
        "demo users: {users} (password {password})",
    ),
    "cli.properties_range": (
        "--properties: от 1 до 8999999 (абонатните номера са 7 цифри): {value}",
        "--properties: 1 to 8999999 (subscriber numbers are 7 digits): {value}",
    ),
    "cli.today_too_early": (
        "--today: най-рано {earliest}: {value}",
        "--today: {earliest} or later: {value}",
    ),
    "cli.demo_summary": (
        "демо база: {properties} имота, {payers} платци, {invoices} фактури, {payments} "
        "плащания, {court_cases} съдебни дела, {agreements} споразумения, {plans} плана "
        "на равни вноски ({seconds} s)",
        "demo database: {properties} properties, {payers} payers, {invoices} invoices, "
        "{payments} payments, {court_cases} court cases, {agreements} agreements, {plans} "
        "equal-installment plans ({seconds} s)",
    ),
    # `desk quote` as a table (the JSON form is INTERCHANGE.md's, never worded)
    "quote.head": ("Платец {payer} към {on}", "Payer {payer} on {on}"),
    "quote.good_standing": ("в добро положение", "in good standing"),
    "quote.overdue_debts": ("има просрочени задължения", "has overdue debts"),
    "quote.col.item": ("задължение", "item"),
    "quote.col.kind": ("вид", "kind"),
    "quote.col.period": ("период", "period"),
    "quote.col.deadline": ("срок", "deadline"),
    "quote.col.balance": ("остатък", "balance"),
    "quote.col.discount": ("отстъпка", "discount"),
    "quote.col.to_pay": ("за плащане", "to pay"),
    "quote.overdue": ("просрочено", "overdue"),
    "quote.totals": (
        "Общо: остатък {balance}, просрочено {overdue}, избрано {selected}, "
        "отстъпка {discount}, за плащане {to_pay}; аванс {credit}",
        "Totals: balance {balance}, overdue {overdue}, selected {selected}, "
        "discount {discount}, to pay {to_pay}; credit {credit}",
    ),
    "quote.kind.monthly": ("месечна", "monthly"),
    "quote.kind.installment": ("вноска", "installment"),
    "quote.kind.settlement": ("изравнителна", "settlement"),
    "quote.kind.other": ("друга", "other"),
    "quote.kind.agreement": ("споразумение", "agreement"),
    "quote.kind.court": ("съдебно", "court"),
    "quote.banner.final_warning": (
        "последно предупреждение преди съд",
        "final warning before court",
    ),
    "quote.banner.court": ("съдебно дело: {stage}", "court case: {stage}"),
    "quote.banner.agreement_active": ("спазвано споразумение", "agreement kept"),
    "quote.banner.agreement_breached": ("нарушено споразумение", "agreement breached"),
    "quote.banner.plan": ("равни вноски {plan}", "equal installments {plan}"),
    "quote.stage.warning": ("предупреждение", "warning"),
    "quote.stage.filed": ("заведено", "filed"),
    "quote.stage.order": ("заповед", "order"),
    "quote.stage.writ": ("изпълнителен лист", "writ"),
    "quote.stage.enforcement": ("принудително изпълнение", "enforcement"),
    "quote.stage.closed": ("приключено", "closed"),
    # -- sync from the command line and the status bar (desk/sync/*) ---------------
    "sync.unreachable": (
        "централна база {url}: няма връзка: {reason}",
        "central database {url}: no connection: {reason}",
    ),
    "sync.db_required": (
        "--db: кой файл е локалната база на касата (например --db k2.sqlite)",
        "--db: which file is the desk's local database (e.g. --db k2.sqlite)",
    ),
    "sync.central_ready": (
        "централната база е готова (схемата е на последната версия): {url}",
        "central database ready (schema at the newest revision): {url}",
    ),
    "sync.compacted": (
        "дневник на промените: премахнати {count} промени, които всички каси са изтеглили",
        "change log: {count} changes every joined desk has pulled were removed",
    ),
    "sync.bad_kind": (
        "--kind: {kind} (може: cashier, info)",
        "--kind: {kind} (one of: cashier, info)",
    ),
    # The desk worded by its kind (desk add-desk --kind): an information centre is no "каса".
    "sync.desk_role.pay_desk": (
        "каса {code}: роля в PostgreSQL {role}",
        "pay desk {code}: PostgreSQL role {role}",
    ),
    "sync.desk_role.info_centre": (
        "информационен център {code}: роля в PostgreSQL {role}",
        "information centre {code}: PostgreSQL role {role}",
    ),
    "sync.password_once": (
        "парола (показва се само този път): {password}",
        "password (shown only this once): {password}",
    ),
    "sync.join_with": (
        "свържете с: desk join '{url}' --desk {code} --db ФАЙЛ",
        "join with: desk join '{url}' --desk {code} --db FILE",
    ),
    "sync.connection_stored": (
        "връзката е записана в {path}; {place}",
        "connection stored in {path}; {place}",
    ),
    "sync.next_join": ("следва: desk join --db {path}", "next: desk join --db {path}"),
    "sync.demo_starting": ("PostgreSQL се стартира в {path} …", "starting PostgreSQL in {path} …"),
    "sync.demo_kept": (
        "централната демо база в {path} вече има данни: оставена е както е",
        "the central demo database in {path} already holds data: kept as it is",
    ),
    "sync.demo_no_wait": (
        "--no-wait: сървърът спира сега; данните остават в папката",
        "--no-wait: the server stops now; the data stays in the folder",
    ),
    "sync.demo_serving": (
        "сървърът работи: Ctrl+C го спира",
        "serving: press Ctrl+C to stop the server",
    ),
    "sync.demo_stopping": ("сървърът спира", "stopping the server"),
    "web.role_made": (
        "роля {role} за уеб формуляра; паролата ѝ (показва се веднъж): {password}",
        "role {role} for the web form; its password (shown once): {password}",
    ),
    "web.serve_with": (
        "уеб формулярът се пуска с паролата в {env} (не в адреса: списъкът на процесите "
        "се вижда от всеки):",
        "serve the web form with the password in {env} (not in the URL: anyone can see "
        "the process list):",
    ),
    "contacts.email_characters": (
        "не е имейл адрес: „{value}“ (латински букви, цифри и . _ - + преди @, "
        "име на домейн след него)",
        "not an e-mail address: “{value}” (Latin letters, digits and . _ - + before the @, "
        "a domain name after it)",
    ),
    "contacts.control_character": (
        "съдържа управляващ знак (нов ред, табулация, знак за посока на текста…)",
        "contains a control character (a line break, a tab, a text direction mark…)",
    ),
    "web.bind_failed": (
        "уеб формулярът не може да слуша на {bind}: {reason}. Изберете друг порт с --bind.",
        "the web form cannot listen on {bind}: {reason}. Choose another port with --bind.",
    ),
    "web.bind_unreadable": (
        "--bind: „{bind}“ не е адрес и порт, например 127.0.0.1:8080",
        "--bind: '{bind}' is not an address and port such as 127.0.0.1:8080",
    ),
    "web.serving": ("уеб формулярът: {url}", "the web form: {url}"),
    "web.demo_try": (
        "опитайте с код на платец {payer} и абонатен номер {subscriber}",
        "try payer code {payer} with subscriber number {subscriber}",
    ),
    "sync.demo_central": ("централна база: {url}", "central database: {url}"),
    "sync.demo_two_desks": (
        "две каси на този компютър (в друг терминал):",
        "two desks on this computer (another terminal):",
    ),
    "sync.demo_desk_name": ("Каса {number}", "Desk {number}"),
    "sync.demo_app": (
        "и desk --db k2.sqlite: приложението, синхронизира се само",
        "and desk --db k2.sqlite: the app, syncing by itself",
    ),
    "sync.demo_once": (
        "една синхронизация сега, от командния ред",
        "one sync now, from the command line",
    ),
    "sync.bar.demo": ("демо данни", "demo data"),
    "sync.bar.to_central": ("към PostgreSQL", "to PostgreSQL"),
    "sync.bar.copy": ("копие за {desk}", "copy for {desk}"),
    "sync.bar.sync": ("синхронизация", "sync"),
    "sync.no_url": (
        "адрес на централната база: desk join URL --desk КОД --db ФАЙЛ",
        "the central database's address: desk join URL --desk CODE --db FILE",
    ),
    "sync.no_desk": (
        "--desk: коя каса е тази (например --desk K2)",
        "--desk: which desk this is (e.g. --desk K2)",
    ),
    "sync.unix_socket_tls": (
        "бележка: {host} е unix сокет: libpq не ползва TLS там (sslmode={sslmode} няма ефект)",
        "note: {host} is a unix socket: libpq does not use TLS on it "
        "(sslmode={sslmode} has no effect there)",
    ),
    "sync.joined": (
        "{path} вече е каса {desk}: копирани {rows} реда",
        "{path} is now desk {desk}: {rows} rows copied",
    ),
    "sync.connection": ("връзка: {url}; {place}", "connection: {url}; {place}"),
    "sync.joined_window": (
        "историята на плащанията е от {day} нататък и всичко още неплатено",
        "the payment history held is from {day} on, and everything still open",
    ),
    "sync.join_window_deciding": (
        "избират се плащанията и сметките, които касата пази (при милион имота: минути)",
        "choosing the bills and payments the desk keeps (minutes at a million properties)",
    ),
    "sync.join_resumed": (
        "{path}: продължава прекъснато свързване (копираните таблици остават)",
        "{path}: resuming a join that was cut short (the tables it copied stay)",
    ),
    "sync.join_restarted": (
        "{path}: прекъснато свързване не може да продължи (друга каса или база, или "
        "промените след него вече не се пазят): файлът се изпразва и копието започва отначало",
        "{path}: a join cut short cannot resume (another desk or database, or the changes "
        "since are no longer kept): the file is emptied and the copy starts again",
    ),
    "sync.key_prompt": ("Парола на {user}: ", "Password of {user}: "),
    "sync.key_kept": (
        "Ключът за одобрение на {user} е записан в централната база.",
        "The approval key of {user} is kept in the central database.",
    ),
    "sync.key_no_user": (
        "потребител: няма потребител {user} в централната база",
        "user: there is no user {user} in the central database",
    ),
    "sync.key_wrong_password": (
        "парола: това не е паролата на {user} в централната база",
        "password: that is not the password of {user} in the central database",
    ),
    "sync.stdin_empty": (
        "--password-stdin: нищо не дойде на стандартния вход",
        "--password-stdin: nothing came on standard input",
    ),
    "sync.password_prompt": (
        "парола на касата за централната база: ",
        "the desk's password for the central database: ",
    ),
    "sync.no_password_given": (
        "няма парола: подайте я с --password-stdin",
        "no password: give it with --password-stdin",
    ),
    "sync.online": (
        "онлайн: изпратени {pushed}, получени {pulled}, чакат изпращане {queued}",
        "online: {pushed} sent, {pulled} received, {queued} waiting to be sent",
    ),
    "sync.waiting": ("Чакат изпращане: {queued}.", "Waiting to be sent: {queued}."),
    "sync.last_pulled": ("последно изтегляне: {when}", "last pulled: {when}"),
    "sync.last_pushed": ("последно изпращане: {when}", "last pushed: {when}"),
    "sync.not_configured": (
        "Касата работи само локално: не е свързана с централна база.",
        "This desk works only locally: it is not connected to a central database.",
    ),
    "sync.no_replica": (
        "Касата още няма копие на централната база: свържете я с desk join.",
        "This desk has no copy of the central database yet: connect it with desk join.",
    ),
    "sync.offline": (
        "Няма връзка с централната база. Работата продължава; ще се синхронизира сама.",
        "No connection to the central database. Work goes on; it will sync by itself.",
    ),
    "sync.failed": (
        "Централната база отказа синхронизацията. Обадете се на администратора.",
        "The central database refused the sync. Call the administrator.",
    ),
    "sync.no_password": (
        "няма парола за {account}: свържете касата отново с desk join --password-stdin",
        "no password for {account}: join the desk again with desk join --password-stdin",
    ),
    "sync.sslmode": ("sslmode: {value} (може: {known})", "sslmode: {value} (one of: {known})"),
    "sync.url_lacks": (
        "централна база: адресът няма {part}",
        "central database: the address has no {part}",
    ),
    "sync.url_unreadable": (
        "централна база: неразбираем адрес: {reason}",
        "central database: an address that cannot be read: {reason}",
    ),
    "sync.url_not_postgres": (
        "централна база: адресът не е на PostgreSQL (postgresql://…)",
        "central database: not a PostgreSQL address (postgresql://…)",
    ),
    "sync.url_unknown_params": (
        "централна база: непознати параметри в адреса: {names}",
        "central database: unknown parameters in the address: {names}",
    ),
    "sync.password_in_keyring": (
        "паролата е в системния keyring",
        "the password is in the system keyring",
    ),
    "sync.password_in_file": (
        "няма системен keyring: паролата е във файл, четим само от собственика: {path}",
        "no system keyring: the password is in a file only its owner can read: {path}",
    ),
    "sync.desk_code": (
        "код на каса: само букви и цифри, до 20 знака: {code}",
        "desk code: letters and digits only, up to 20: {code}",
    ),
    "sync.desk_kind": ("вид каса: {kind} (може: {known})", "desk kind: {kind} (one of: {known})"),
    "sync.replica_not_empty": (
        "{path} вече има данни: копие се прави само в празен файл (прекъснато свързване "
        "се продължава с desk join на същия файл)",
        "{path} already holds data: a replica starts from an empty file (a join that was "
        "cut short is resumed by desk join on the same file)",
    ),
    "sync.central_has_no_desk": (
        "централната база няма каса {desk}",
        "the central database has no desk {desk}",
    ),
    "sync.central_not_empty": (
        "централната база вече има {count} имота: демо данни само в празна",
        "the central database already holds {count} properties: demo data only into an empty one",
    ),
    "field.phone": ("телефон", "phone"),
    "field.phone_2": ("втори телефон", "second phone"),
    "field.email": ("имейл", "e-mail"),
    "field.address": ("адрес за кореспонденция", "postal address"),
    "field.preferred_channel": ("предпочитан канал", "preferred channel"),
    "field.e_invoice": ("електронна фактура", "e-invoice"),
    "field.e_invoice_email": ("имейл за електронна фактура", "e-invoice e-mail"),
    "field.consent_on": ("съгласие за обработка", "consent to processing"),
    # -- small words used as values -------------------------------------------------
    "generic.where": ("{where}: {what}", "{where}: {what}"),
    "word.yes": ("да", "yes"),
    "word.no": ("не", "no"),
    "payer.no_such": (
        "код на платец {code}: няма такъв платец",
        "payer code {code}: no such payer",
    ),
    "payer.code_invalid": ("код на платец {code}: {problem}", "payer code {code}: {problem}"),
    # -- the history a desk keeps (desk/services/retention.py) ----------------------
    "cli.help.prune": (
        "пази само прозореца от историята (отворените сметки и последните 6 месеца); "
        "по-старата остава в централната база",
        "keep only the window of history (open bills and the last 6 months); older history "
        "stays in the central database",
    ),
    "cli.help.prune_today": (
        "денят, от който се брои прозорецът (ГГГГ-ММ-ДД; по подразбиране днес)",
        "the day the window counts back from (YYYY-MM-DD; default today)",
    ),
    "cli.help.compact": (
        "после върни освободеното място на диска (пренаписва целия файл)",
        "then give the freed space back to the disk (rewrites the whole file)",
    ),
    "cli.pruning": ("платци", "payers"),  # the progress bar adds the counts
    "cli.prune_nothing": (
        "нищо за махане: файлът вече пази историята от началото на прозореца",
        "nothing to remove: the file already keeps the history from the window's start",
    ),
    "cli.pruned": (
        "историята от {start} нататък остава; махнати: сметки {invoices}, плащания "
        "{payments}, разнасяния {allocations}",
        "history from {start} on stays; removed: {invoices} bills, {payments} payments, "
        "{allocations} allocations",
    ),
    "cli.compacted": ("файлът: {before} MB → {after} MB", "the file: {before} MB → {after} MB"),
    "retention.before_window": (
        "{day}: този пункт отговаря за дни от {first} нататък; по-старата история е в "
        "централната база",
        "{day}: this desk answers for days from {first} on; older history is in the central "
        "database",
    ),
    # -- contacts (desk/services/contacts.py) ---------------------------------------
    "channel.post": ("поща", "post"),
    "channel.email": ("имейл", "e-mail"),
    "channel.sms": ("SMS", "SMS"),
    "channel.phone": ("телефон", "phone"),
    "contacts.not_a_phone": ("не е телефонен номер: „{value}“", "not a phone number: “{value}”"),
    "contacts.no_such_number": ("няма такъв номер: „{value}“", "no such number: “{value}”"),
    "contacts.phone_length": (
        "номерът „{value}“ трябва да има 8 или 9 цифри след 0 / +359",
        "the number “{value}” needs 8 or 9 digits after 0 / +359",
    ),
    "contacts.foreign_phone": (
        "номерът „{value}“ е чуждестранен (код +{country}); приемат се само български номера",
        "the number “{value}” is foreign (code +{country}); only Bulgarian numbers are accepted",
    ),
    "contacts.email_form": (
        "липсва @ или домейн: „{value}“",
        "the @ or the domain is missing: “{value}”",
    ),
    "contacts.too_long": ("по-дълъг от {limit} знака", "longer than {limit} characters"),
    "contacts.no_such_field": (
        "поле за контакт: няма такова поле {field}",
        "contact field: no such field {field}",
    ),
    "contacts.same_phone": (
        "{number} вече е записан като {other}",
        "{number} is already the {other}",
    ),
    "contacts.no_such_source": (
        "източник на промяната: няма такъв {source}",
        "source of the change: no such source {source}",
    ),
    "contacts.e_invoice_email_needed": (
        "задължителен, когато е избрана електронна фактура",
        "required when e-invoice is chosen",
    ),
    "contacts.no_such_channel": ("няма такъв канал: {channel}", "no such channel: {channel}"),
    "contacts.channel_needs": (
        "{channel} изисква попълнен {needed}",
        "{channel} needs the {needed}",
    ),
    "contacts.channel_needs_either": (
        "{channel} изисква попълнен {first} или {second}",
        "{channel} needs the {first} or the {second}",
    ),
    "contacts.sms_landline": (
        "SMS изисква мобилен телефон, а {number} не е мобилен номер",
        "SMS needs a mobile phone, and {number} is not a mobile number",
    ),
    "contacts.sms_landlines": (
        "SMS изисква мобилен телефон, а {first} и {second} не са мобилни номера",
        "SMS needs a mobile phone, and {first} and {second} are not mobile numbers",
    ),
    "contacts.consent_date_missing": (
        "липсва датата на съгласието",
        "the date of the consent is missing",
    ),
    "contacts.consent_date_future": ("датата {on} е в бъдещето", "the date {on} is in the future"),
    "contacts.changed_meanwhile": (
        "променено междувременно на {value} (на друго място); "
        "отворете платеца отново и въведете промяната пак",
        "changed meanwhile to {value} (elsewhere); open the payer again and enter the change again",
    ),
    "contacts.empty": ("(празно)", "(empty)"),
    "card.no_such": (
        "анкетна карта {number}: няма такава карта",
        "survey card {number}: no such card",
    ),
    "card.other_payer": (
        "анкетна карта {number}: е за друг платец (код {owner})",
        "survey card {number}: it is another payer's (code {owner})",
    ),
    "card.already_returned": (
        "анкетна карта {number}: вече е въведена на {on}",
        "survey card {number}: already entered on {on}",
    ),
    # -- billing rules (desk/billing) ------------------------------------------------
    "schedule.months_range": (
        "броят вноски е от {low} до {high}",
        "the number of installments is {low} to {high}",
    ),
    "schedule.down_payment_too_big": (
        "първоначалната вноска трябва да е по-малка от общата сума",
        "the down payment must be less than the total",
    ),
    "schedule.too_small": (
        "сумата е твърде малка за толкова вноски",
        "the amount is too small for so many installments",
    ),
    "schedule.down_payment_first": (
        "първоначалната вноска е платима преди първата вноска",
        "the down payment falls due before the first installment",
    ),
    "quote.not_open": ("{item}: няма такова открито задължение", "{item}: no such open item"),
    "quote.amount_range": (
        "{item}: сумата трябва да е между {low} и остатъка",
        "{item}: the amount must be between {low} and the balance",
    ),
    "generic.range": ("от {low} до {high}", "from {low} to {high}"),
    # -- agreements (desk/services/agreements.py) -----------------------------------
    "field.agreement_items": ("задължения", "items"),
    "field.down_payment": ("първоначална вноска", "down payment"),
    "field.installments": ("брой вноски", "installments"),
    "field.day_of_month": ("ден от месеца", "day of the month"),
    "agreement.choose_item": ("изберете поне едно задължение", "choose at least one item"),
    "agreement.down_payment_negative": ("не може да е отрицателна", "cannot be negative"),
    "agreement.down_payment_too_big": (
        "трябва да е по-малка от общата сума",
        "must be less than the total",
    ),
    "agreement.item_gone": (
        "задължения: {items} вече не е просрочено задължение на платеца",
        "items: {items} is no longer an overdue item of the payer",
    ),
    "agreement.total_changed": (
        "задължения: сумата се промени: {shown} → {now}, прегледайте графика",
        "items: the total changed: {shown} → {now}; review the schedule",
    ),
    # -- change of holder (desk/services/tenure.py) -----------------------------------
    "field.start_date": ("начална дата", "start date"),
    "field.tenure_kind": ("вид правоотношение", "kind of tenure"),
    "field.document": ("документ", "document"),
    "field.new_payer": ("нов платец", "new payer"),
    "field.payer_kind": ("вид платец", "kind of payer"),
    "field.name": ("име", "name"),
    "field.egn": ("ЕГН", "EGN"),
    "field.eik": ("ЕИК/БУЛСТАТ", "EIK/BULSTAT"),
    "tenure.kind_unknown": ("{kind} (може: {kinds})", "{kind} (allowed: {kinds})"),
    "tenure.document_needed": (
        "въведете документа за промяната (напр. нот. акт № 12/2026)",
        "enter the document of the change (e.g. notarial deed No 12/2026)",
    ),
    "tenure.holder_needed": (
        "въведете код на платец или данните на нов платец",
        "enter a payer code or the new payer's details",
    ),
    "tenure.start_too_far": (
        "{start} е повече от {months} месеца напред; най-късно {latest}",
        "{start} is more than {months} months ahead; {latest} at the latest",
    ),
    "tenure.no_such_property": ("{number}: няма такъв имот", "{number}: no such property"),
    "tenure.start_before_current": (
        "трябва да е след началото на сегашното правоотношение ({start})",
        "must be after the start of the current tenure ({start})",
    ),
    "tenure.no_such_payer": ("{code}: няма такъв платец", "{code}: no such payer"),
    "tenure.same_payer": (
        "новият платец е същият като сегашния",
        "the new payer is the current one",
    ),
    "tenure.payer_kind_unknown": (
        "{kind} (може: лице или фирма)",
        "{kind} (allowed: person or company)",
    ),
    "tenure.name_needed": ("въведете името на новия платец", "enter the new payer's name"),
    "tenure.id_needed": ("въведете {field} на новия платец", "enter the new payer's {field}"),
    "tenure.id_invalid": ("{problem}: {number}", "{problem}: {number}"),
    "tenure.id_known": (
        "вече има платец с този номер (код {code}); въведете неговия код",
        "a payer with this number exists (code {code}); enter that code",
    ),
    "tenure.no_code_block": (
        "каса с номер {desk} няма блок от кодове",
        "desk number {desk} has no block of payer codes",
    ),
    "tenure.codes_exhausted": (
        "кодовете на тази каса са изчерпани",
        "this desk's payer codes are used up",
    ),
    "tenure.month_invoiced": (
        "месец {month} вече е фактуриран (фактура {invoice}); разделяне на фактурата по дни "
        "прави billing системата. Изберете 1-во число на месец: {first} или {later}",
        "month {month} is already invoiced (invoice {invoice}); the billing system splits an "
        "invoice by days. Choose the 1st of a month: {first} or {later}",
    ),
    "tenure.invoice_stays": (
        "фактура {invoice} за {period} {why} на сегашния платец и не може да се прехвърли; "
        "изберете дата от {after} нататък или поискайте корекция от billing системата",
        "invoice {invoice} for {period} {why} the current payer and cannot move; choose a "
        "date from {after} on, or ask the billing system for a correction",
    ),
    "tenure.why_credit": ("е кредит в полза", "is a credit in favour of"),
    "tenure.why_plan": (
        "е вноска по плана за равни вноски",
        "is an installment of the equal-installment plan of",
    ),
    "tenure.why_paid": (
        "е платена (изцяло или частично) от името",
        "was paid (wholly or in part) in the name of",
    ),
    "tenure.why_court": ("е по съдебно дело", "is in a court case against"),
    "tenure.why_agreement": ("е по споразумение", "is under an agreement of"),
    # -- demo data and import (desk/services/demo.py, importer.py; `desk demo`, `desk import`)
    "cli.help.demo_today": (
        "денят, за който са данните, ГГГГ-ММ-ДД (по подразбиране: днес в София)",
        "the day the data are made for, YYYY-MM-DD (default: today in Sofia)",
    ),
    "import.not_json": (
        "не е JSON (ред {line}, колона {column}): {reason}",
        "not JSON (line {line}, column {column}): {reason}",
    ),
    "import.cut_short": (
        "не е JSON: файлът свършва на ред {line}, колона {column}, преди JSON да е "
        "завършен; дали не е отрязан?",
        "not JSON: the file ends at line {line}, column {column} before its JSON is "
        "complete; was it cut short?",
    ),
    "import.done": (
        "внасяне: {total} записа: {new} нови, {changed} променени, {present} вече налични",
        "import: {total} records: {new} new, {changed} changed, {present} already present",
    ),
    "import.nothing_changed": (
        "внасяне: нищо не е променено: всички {total} записа вече са налични "
        "({new} нови, {present} вече налични)",
        "import: nothing changed: all {total} records were already present "
        "({new} new, {present} already present)",
    ),
    "import.kind_line": (
        "  {kind} {total}: {new} нови, {changed} променени, {present} вече налични",
        "  {kind} {total}: {new} new, {changed} changed, {present} already present",
    ),
    "import.kind.properties": ("имоти", "properties"),
    "import.kind.payers": ("платци", "payers"),
    "import.kind.tenures": ("правоотношения", "tenures"),
    "import.kind.plans": ("планове за равни вноски", "equal-installment plans"),
    "import.kind.invoices": ("фактури", "invoices"),
    "import.kind.court_cases": ("съдебни дела", "court cases"),
    "import.kind.agreements": ("споразумения", "agreements"),
    "import.kind.payments": ("плащания", "payments"),
    # -- import: a record's problems (import_check.py, import_sections.py; JSON path first)
    "import.missing": ("липсва", "missing"),
    "import.not_object": ("очаква се обект, а е {value}", "expected an object, got {value}"),
    "import.not_list": ("очаква се списък, а е {value}", "expected a list, got {value}"),
    "import.not_a": ("не е {what}: {value}", "not {what}: {value}"),
    "import.what.text": ("текст", "text"),
    "import.what.date": ("дата (ГГГГ-ММ-ДД)", "a date (YYYY-MM-DD)"),
    "import.what.month": ("месец (ГГГГ-ММ)", "a month (YYYY-MM)"),
    "import.what.moment": ("момент (ISO 8601)", "a time (ISO 8601)"),
    "import.what.payer_code": ("код на платец (10 цифри)", "a payer code (10 digits)"),
    "import.what.subscriber_number": (
        "абонатен номер (7 цифри)",
        "a subscriber number (7 digits)",
    ),
    "import.what.invoice_number": ("номер на фактура (10 цифри)", "an invoice number (10 digits)"),
    "import.what.id_number": ("ЕГН или ЕИК", "an EGN or EIK"),
    "import.what.phone": ("телефонен номер", "a phone number"),
    "import.what.email": ("имейл адрес", "an e-mail address"),
    "import.not_one_of": ("не е едно от {choices}: {value}", "not one of {choices}: {value}"),
    "import.not_amount": ("не е сума: {value}", "not an amount: {value}"),
    "import.negative": ("не може да е отрицателна: {value}", "must not be negative: {value}"),
    "import.not_bool": ("не е true или false: {value}", "not true or false: {value}"),
    "import.check_digit": (
        "грешна контролна цифра в кода на платец: {value}",
        "wrong check digit in payer code: {value}",
    ),
    "import.unknown.payer": ("непознат платец: {value}", "unknown payer: {value}"),
    "import.unknown.property": ("непознат имот: {value}", "unknown property: {value}"),
    "import.unknown.invoice": ("непозната фактура: {value}", "unknown invoice: {value}"),
    "import.unknown.plan": ("непознат план: {value}", "unknown plan: {value}"),
    "import.not_egn": ("невалидно ЕГН: {value}", "not a valid EGN: {value}"),
    "import.not_eik": ("невалиден ЕИК/БУЛСТАТ: {value}", "not a valid EIK/BULSTAT: {value}"),
    "import.wrong_format": (
        "очаква се {expected}, а е {value}",
        "expected {expected}, got {value}",
    ),
    "import.twice": (
        "{value} се среща два пъти (първо в {first})",
        "{value} appears twice (first at {first})",
    ),
    "import.end_before_start": ("преди началото {start}", "before the start {start}"),
    "import.overlaps": (
        "застъпва правоотношението от {start} ({other})",
        "overlaps the tenure from {start} ({other})",
    ),
    "import.in_database": ("в базата", "the database"),
    "import.year_out_of_range": (
        "годината трябва да е от {low} до {high}",
        "the year must be from {low} to {high}",
    ),
    "import.amount_too_big": ("по-голяма от {limit}", "larger than {limit}"),
    "import.wrong_currency": (
        "фактура, издадена на {issued}, е в {right}, не в {given}",
        "an invoice issued {issued} is in {right}, not {given}",
    ),
    "import.needs_plan": (
        "фактура от вид {kind} трябва да има план",
        "an {kind} invoice needs its plan",
    ),
    "import.has_no_plan": ("фактура от вид {kind} няма план", "a {kind} invoice has no plan"),
    "import.not_invoice_list": (
        "очаква се списък с номера на фактури, а е {value}",
        "expected a list of invoice numbers, got {value}",
    ),
    "import.not_covers_list": (
        "очаква се списък с фактури и съдебни дела, а е {value}",
        "expected a list of invoices and court cases, got {value}",
    ),
    "import.unknown_cover": (
        "непозната фактура или съдебно дело: {value}",
        "unknown invoice or court case: {value}",
    ),
    "import.not_installment_list": (
        "очаква се списък с вноски, а е {value}",
        "expected a list of installments, got {value}",
    ),
    "import.unknown_item": (
        "непозната фактура, съдебно дело или вноска: {value}",
        "unknown invoice, court case or installment: {value}",
    ),
    "import.payment_changed": (
        "друго плащане с този идентификатор вече е записано: {value} (плащанията не се променят)",
        "a different payment with this id is already stored: {value} (payments are never changed)",
    ),
    # -- import: what a file may hold (issue 14; importer.py, import_check.py)
    "import.too_big": (
        "файлът е по-голям от {limit} MB; разделете експорта на части",
        "the file is larger than {limit} MB; split the export",
    ),
    "import.too_deep": (
        "JSON е вложен по-дълбоко от {limit} нива",
        "the JSON nests deeper than {limit} levels",
    ),
    "import.not_json_number": (
        "не е JSON, който може да се внесе: число с повече от 4300 цифри",
        "not JSON that can be imported: a number of more than 4300 digits",
    ),
    "import.key_twice": (
        "ключът е даден повече от веднъж в един обект; всеки ключ се дава веднъж",
        "this key is given more than once in one object; each key is given once",
    ),
    "import.too_long": (
        "по-дълъг от {limit} знака ({length})",
        "longer than {limit} characters ({length})",
    ),
    "import.bad_character": (
        "съдържа непозволен знак {char}: {value}",
        "holds a character no text may hold, {char}: {value}",
    ),
    "import.bad_id": (
        "не е идентификатор (до {limit} латински букви, цифри, „-“, „_“ или „.“, "
        "започва с буква или цифра): {value}",
        "not an id (up to {limit} Latin letters, digits, '-', '_' or '.', starting "
        "with a letter or digit): {value}",
    ),
    "import.same_payment": (
        "плащането {id} е същото като {other} (същият платец, момент, начин, кредит и "
        "разпределение) под друг идентификатор; отказано като вероятно дублирано",
        "payment {id} is the same as {other} (same payer, moment, method, credit and "
        "allocations) under another id; refused as a probable duplicate",
    ),
    # -- users and logging in (desk/services/users.py) --------------------------------
    "field.username": ("потребителско име", "user name"),
    "field.role": ("роля", "role"),
    "field.password": ("парола", "password"),
    "field.new_password": ("нова парола", "new password"),
    "field.old_password": ("досегашна парола", "current password"),
    "login.wrong": ("грешно потребителско име или парола", "wrong user name or password"),
    "login.locked_still": (
        "профилът е заключен още {minutes} мин.",
        "the account is locked for {minutes} more min.",
    ),
    "login.locked_now": (
        "пет грешни опита: профилът е заключен за {minutes} минути",
        "five wrong tries: the account is locked for {minutes} minutes",
    ),
    "login.no_such_desk": ("няма каса с код {desk}", "no desk has the code {desk}"),
    "approve.supervisors_only": ("одобрява само ръководител", "only a supervisor approves"),
    "approve.temporary_password": (
        "{name} трябва първо да смени паролата си",
        "{name} must change their password first",
    ),
    "users.no_such_role": ("роля: няма такава роля {role}", "role: no such role {role}"),
    "users.admins_centrally": (
        "администраторите се създават и променят само в централната база",
        "admins are made and changed only in the central database",
    ),
    "users.no_such_user": ("потребител {id}: няма такъв", "user {id}: no such user"),
    "users.admin_managed": (
        "{user}: само администратор променя профил на ръководител или администратор",
        "{user}: only an admin changes a supervisor's or an admin's account",
    ),
    "users.username_form": (
        "от 3 до 40 знака: малки латински букви, цифри, „.“, „_“ и „-“",
        "3 to 40 characters: small Latin letters, digits, “.”, “_” and “-”",
    ),
    "users.required": ("задължително", "required"),
    "users.at_most": ("най-много {max} знака", "at most {max} characters"),
    "users.at_least": ("поне {min} знака", "at least {min} characters"),
    "users.choose_role": ("изберете роля", "choose a role"),
    "users.admin_creates_supervisors": (
        "само администратор създава ръководител или администратор",
        "only an admin creates a supervisor or an admin",
    ),
    "users.passwords_differ": ("двете въвеждания не са еднакви", "the two entries differ"),
    "users.username_taken": ("„{username}“ вече е заето", "“{username}” is taken"),
    "users.own_role": (
        "роля: собствената си роля не можете да промените",
        "role: you cannot change your own role",
    ),
    "users.admin_gives_supervisors": (
        "роля: само администратор дава роля ръководител или администратор",
        "role: only an admin gives the supervisor or the admin role",
    ),
    "users.deactivate_self": (
        "потребители: не можете да деактивирате себе си",
        "users: you cannot deactivate yourself",
    ),
    "users.sign_in_again": (
        "промени на потребители: влезте отново с паролата си (тя подписва промяната)",
        "user changes: log in again with your password (it signs the change)",
    ),
    "users.password_same": (
        "трябва да е различна от досегашната",
        "must differ from the current one",
    ),
    # -- which desk a database is (desk/services/desk_identity.py) ----------------------
    "desk.not_set_up": (
        "Тази база данни още не е настроена като каса. "
        "Администраторът я настройва с командата: desk set-desk КОД",
        "This database is not set up as a desk yet. "
        "The administrator sets it up with the command: desk set-desk CODE",
    ),
    "desk.none_known": ("няма въведени каси", "no desks entered"),
    "desk.no_such": (
        "каса: няма каса с код {code} (има: {known})",
        "desk: no desk has the code {code} (known: {known})",
    ),
    # -- payments and voids outside the tender (desk/services/payments.py) -------------
    "payment.no_open_shift": (
        "няма открита смяна: плащане не може да се приеме",
        "no shift is open: no payment can be taken",
    ),
    # -- a restored or copied desk file (desk/services/file_identity.py) ---------------
    "payment.file_copied": (
        "Файлът с базата данни на каса {desk} е копиран или възстановен от архив след "
        "последната синхронизация: може да не знае номерата на бележки, издадени след "
        "копието. Синхронизирайте с централната база (Ctrl+Shift+S или командата "
        "desk sync), преди да приемате плащания; ако няма връзка, обадете се на "
        "администратора.",
        "Desk {desk}'s database file was copied or restored from a backup since its last "
        "sync: it may not know the receipt numbers given after the copy was made. "
        "Synchronise with the central database (Ctrl+Shift+S, or the command "
        "desk sync) before taking payments; if there is no connection, call the "
        "administrator.",
    ),
    "void.reason_needed": (
        "причина: опишете защо се сторнира (поне {least} знака)",
        "reason: say why it is voided (at least {least} characters)",
    ),
    "void.not_approved": ("одобрение: {problem}", "approval: {problem}"),
    "void.no_such_payment": ("няма такова плащане", "no such payment"),
    "void.already_voided": ("плащането вече е сторнирано", "the payment is already voided"),
    "void.other_desk": (
        "плащането е прието на каса {desk}: сторно се прави само на касата, която го е приела",
        "the payment was taken at desk {desk}: only the desk that took it voids it",
    ),
    "void.no_desk": ("извън касите", "outside the desks"),
    "void.same_day_only": (
        "сторно се прави само в деня на плащането",
        "a payment is voided only on the day it was taken",
    ),
    "void.shift_closed": (
        "смяната на плащането е закрита: сторно не е възможно",
        "the payment's shift is closed: it cannot be voided",
    ),
    "void.later_payment": (
        "платецът има по-късно плащане (квитанция № {receipt}): сторнирайте първо него",
        "the payer has a later payment (receipt No {receipt}): void that one first",
    ),
    # -- the audit log's hash chain (desk/services/audit_chain.py, `desk audit verify`) ---
    "cli.help.audit": ("дневникът на действията", "the audit log"),
    "cli.help.audit_verify": (
        "проверява веригата от хешове на дневника (0: цял; иначе първият нарушен ред)",
        "checks the audit log's hash chain (0: intact; else the first broken row)",
    ),
    "cli.help.audit_url": (
        "централната база (адрес на собственика) вместо локален файл",
        "the central database (the owner's URL) instead of a local file",
    ),
    "audit.verify_ok": (
        "дневникът е цял: {rows} реда, веригата от хешове се потвърждава",
        "the audit log is intact: {rows} rows, the hash chain holds",
    ),
    "audit.verify_broken": (
        "дневникът е нарушен на ред № {row}: {reason}",
        "the audit log is broken at row {row}: {reason}",
    ),
    "audit.verify_desk_ok": (
        "каса {desk}: {rows} реда, веригата от хешове се потвърждава",
        "desk {desk}: {rows} rows, the hash chain holds",
    ),
    "audit.verify_desk_broken": (
        "каса {desk}: дневникът е нарушен на ред № {row}: {reason}",
        "desk {desk}: the audit log is broken at row {row}: {reason}",
    ),
    "audit.verify_no_chains": (
        "централната база не пази дневник на нито една каса",
        "the central database holds no desk's audit log",
    ),
    # -- the audit log's details, worded (desk/services/audit_log.py) -----------------
    "audit.receipt": ("бележка № {receipt}", "receipt no. {receipt}"),
    "audit.void_receipt": ("сторно бележка № {receipt}", "void receipt no. {receipt}"),
    # a restored or copied desk file at its sync (desk/sync/replication.py)
    "audit.next_was": ("следващият номер беше {next_was}", "the next number was {next_was}"),
    "audit.next_is": ("следващият номер е {next_is}", "the next number is {next_is}"),
    "audit.central_number": (
        "в централната база е № {central_number}",
        "centrally it is no. {central_number}",
    ),
    "audit.highest": (
        "най-високият номер на касата в централната база: {highest}",
        "the desk's highest number centrally: {highest}",
    ),
    "audit.reverses": ("сторнира бележка № {receipt}", "reverses receipt no. {receipt}"),
    "audit.payment": ("плащане {payment}", "payment {payment}"),
    "audit.history_from": (
        "пази историята от {history_from}",
        "keeps the history from {history_from}",
    ),
    "audit.invoices": ("сметки: {invoices}", "bills: {invoices}"),
    "audit.payments": ("плащания: {payments}", "payments: {payments}"),
    "audit.allocations": ("разнасяния: {allocations}", "allocations: {allocations}"),
    "audit.payer": ("платец {payer}", "payer {payer}"),
    "audit.previous_payer": ("предишен платец {previous_payer}", "previous payer {previous_payer}"),
    "audit.previous_end": ("предишният до {previous_end}", "the previous one until {previous_end}"),
    "audit.total": ("сума {total}", "amount {total}"),
    "audit.reason": ("причина: {reason}", "reason: {reason}"),
    "audit.approved_by": ("одобрил {approved_by}", "approved by {approved_by}"),
    "audit.shift": ("смяна от {opened}", "shift of {opened}"),
    "audit.float": ("начална наличност {float}", "opening float {float}"),
    "audit.expected": ("очаквани {expected}", "expected {expected}"),
    "audit.counted": ("преброени {counted}", "counted {counted}"),
    "audit.variance": ("разлика {variance}", "variance {variance}"),
    "audit.user": ("потребител {user}", "user {user}"),
    "audit.role": ("роля {role}", "role {role}"),
    "audit.role_change": ("роля {old_role} → {new_role}", "role {old_role} → {new_role}"),
    "audit.failed": ("неуспешен опит {failed}", "failed attempt {failed}"),
    "audit.field": ("поле: {field}", "field: {field}"),
    "audit.fields": ("полета: {fields}", "fields: {fields}"),
    "audit.no_fields": ("данните са потвърдени без промяна", "details confirmed unchanged"),
    "audit.source": ("от {source}", "from {source}"),
    "audit.card": ("анкетна карта № {card}", "survey card no. {card}"),
    "audit.agreement": ("споразумение {agreement}", "agreement {agreement}"),
    "audit.items": ("задължения: {items}", "items: {items}"),
    "audit.down_payment": ("първоначална вноска {down_payment}", "down payment {down_payment}"),
    "audit.months": ("вноски: {months}", "installments: {months}"),
    "audit.day": ("ден на плащане {day}", "day of payment {day}"),
    "audit.count": ("карти: {count}", "cards: {count}"),
    "audit.pre_filled": ("попълнени {pre_filled}", "pre-filled {pre_filled}"),
    "audit.blank": ("празни {blank}", "blank {blank}"),
    "audit.cards_range": ("№ {first} – {last}", "nos. {first} – {last}"),
    "audit.plan": ("равни вноски {plan}", "equal installments {plan}"),
    "audit.subscriber_number": ("абонат {subscriber_number}", "subscriber {subscriber_number}"),
    "audit.first_month": ("от {first_month}", "from {first_month}"),
    "audit.yearly_estimate": (
        "годишна прогноза {yearly_estimate}",
        "yearly estimate {yearly_estimate}",
    ),
    "audit.installment": ("вноска {installment}", "installment {installment}"),
    "audit.new_client": ("нов клиент", "new client"),
    "audit.kind": ("вид: {kind}", "kind: {kind}"),
    "audit.start": ("от {start}", "from {start}"),
    "audit.document": ("документ: {document}", "document: {document}"),
    "audit.moved_invoices": (
        "прехвърлени фактури: {moved_invoices}",
        "invoices moved: {moved_invoices}",
    ),
    "audit.name": ("име: {name}", "name: {name}"),
    "audit.from_user": ("поета от {from_user}", "taken over from {from_user}"),
    "audit.opened_at": ("открита на {opened_at}", "opened on {opened_at}"),
    "audit.other": ("{key}: {value}", "{key}: {value}"),
    "audit.kind.ownership": ("собственост", "ownership"),
    "audit.kind.use": ("ползване", "use"),
    "audit.kind.tenancy": ("наем", "tenancy"),
    "audit.kind.person": ("физическо лице", "person"),
    "audit.kind.company": ("юридическо лице", "company"),
    "audit.source.desk": ("каса", "a pay desk"),
    "audit.source.info_centre": ("информационен център", "the information centre"),
    "audit.source.survey_card": ("анкетна карта", "a survey card"),
    "audit.source.web": ("уеб формуляр", "the web form"),  # the report's channel name
    "audit.source.e_invoice": ("електронна фактура", "an e-invoice"),
    # -- equal installments (desk/services/plans.py) ----------------------------------
    "field.property": ("имот", "property"),
    "field.yearly_estimate": ("годишна прогноза", "yearly estimate"),
    "plan.estimate_not_amount": (
        "сума в евро, например {example}",
        "an amount in euro, e.g. {example}",
    ),
    "plan.estimate_not_positive": ("трябва да е положителна", "must be positive"),
    "plan.estimate_at_most": ("най-много {most}", "at most {most}"),
    "plan.estimate_too_small": (
        "твърде малка за {count} вноски",
        "too small for {count} installments",
    ),
    "plan.overdue": (
        "платец: има просрочени задължения за {amount}; "
        "в равни вноски се включва само редовен платец",
        "payer: {amount} is overdue; only a payer with nothing overdue enrols "
        "in equal installments",
    ),
    "plan.not_held": (
        "имот: {number} не е имот на платеца днес и на {start}, началото на годината по плана",
        "property: {number} is not the payer's both today and on {start}, "
        "the start of the plan year",
    ),
    "plan.already": (
        "имот: {number} вече е в равни вноски за {year} ({plan})",
        "property: {number} is already in equal installments for {year} ({plan})",
    ),
    # -- the cashier's items: why a discount is earned or not (desk/services/checkout.py)
    "why.late": ("платено след срока", "paid after the deadline"),
    "why.overdue_at_issue": (
        "при издаването имаше просрочена сметка",
        "a bill was overdue when it was issued",
    ),
    "why.overdue_left": ("има просрочена сметка", "a bill is overdue"),
    "why.partial": ("частично плащане", "partial payment"),
    "why.commercial": ("3% — платено в срок", "3% — paid on time"),
    "why.loyalty": ("50% — разсрочена лоялност", "50% — installment loyalty"),
    "checkout.pay_and_save": (
        "Платете {amount} сега и спестете {saved}",
        "Pay {amount} now and save {saved}",
    ),
    "checkout.to_pay": ("За плащане {amount}", "To pay {amount}"),
    # -- searching, receipts, reports (lookup, receipts, shift_report, audit_log,
    # daily_report, desk_rows) ----------------------------------------------------------
    "search.check_digit": (
        "грешна контролна цифра на кода на платец (или няма такава фактура)",
        "wrong check digit in the payer code (or no such invoice)",
    ),
    "search.digit_count": (
        "въведете 7 цифри (абонатен номер) или 10 (код на платец, фактура)",
        "type 7 digits (subscriber number) or 10 (payer code, invoice)",
    ),
    "receipt.none": ("няма квитанция за това плащане", "this payment has no receipt"),
    "receipt.not_voided": ("плащането не е сторнирано", "the payment is not voided"),
    "shift_report.no_such_shift": ("няма такава смяна", "no such shift"),
    "audit.dates_reversed": ("дата: началото е след края", "date: the start is after the end"),
    "report.dates_reversed": (
        "период: крайната дата е преди началната",
        "period: the end date is before the start date",
    ),
    "report.no_such_desk": ("каса: няма каса {desk}", "desk: no desk {desk}"),
    "rows.no_block": (
        "каса с номер {desk}: няма блок от номера (каси 1-{most})",
        "desk number {desk}: has no block of numbers (desks 1-{most})",
    ),
    "rows.exhausted": (
        "{table}: номерата на тази каса са изчерпани; обадете се на администратора",
        "{table}: this desk's numbers are used up; call the administrator",
    ),
    # -- survey cards: numbers and counts (desk/services/survey_cards.py) ---------------
    "cards.numbers_moved": (
        "номер на карта: междувременно е отпечатана друга карта на това бюро",
        "card number: another card was printed at this office meanwhile",
    ),
    "cards.count_range": (
        "брой карти: от 1 до {most} на една заявка",
        "number of cards: 1 to {most} at a time",
    ),
    "cards.no_such_payers": (
        "код на платец: няма такъв платец: {codes}",
        "payer code: no such payer: {codes}",
    ),
    # a batch's PDF title (desk/services/card_printing.py): the cards are printed in
    # Bulgarian whatever the desk's language, and so is their title
    "cards.batch_title": ("Анкетни карти, {where}, {day}", "Survey cards, {where}, {day}"),
    "cards.all_districts": ("всички", "all"),
    # -- survey cards by e-mail (desk/services/email_cards.py, card_mail.py, bounces.py,
    #    desk/cli/campaign.py: `desk campaign …`) --------------------------------------
    "email.no_settings": (
        "пощенски сървър (SMTP): не е настроен; задайте го с desk campaign smtp",
        "mail server (SMTP): not set up; set it with desk campaign smtp",
    ),
    "email.no_password": (
        "SMTP парола на {user} за {server}: не е запазена; задайте я с desk campaign smtp",
        "SMTP password of {user} for {server}: not stored; set it with desk campaign smtp",
    ),
    "email.unreachable": (
        "пощенски сървър {server}: няма връзка ({reason})",
        "mail server {server}: cannot be reached ({reason})",
    ),
    "email.login_refused": (
        "пощенски сървър {server}: входът като {user} е отказан ({reason})",
        "mail server {server}: the login as {user} was refused ({reason})",
    ),
    "email.tls_failed": (
        "пощенски сървър {server}: защитената връзка (TLS) не се осъществи ({reason}); "
        "проверете --security и --port",
        "mail server {server}: the secure connection (TLS) failed ({reason}); "
        "check --security and --port",
    ),
    "email.sender_refused": (
        "подател {sender}: сървърът го отказва ({reason})",
        "sender {sender}: the server refuses it ({reason})",
    ),
    "email.bad_host": (
        "SMTP сървър: липсва или е невалиден: „{host}“",
        "SMTP host: missing or invalid: “{host}”",
    ),
    "email.bad_port": ("SMTP порт: от 1 до 65535, не {port}", "SMTP port: 1 to 65535, not {port}"),
    "email.bad_security": (
        "SMTP защита: starttls, tls или none, не „{security}“",
        "SMTP security: starttls, tls or none, not “{security}”",
    ),
    "email.cleartext_login": (
        "SMTP защита: „none“ с потребител {user} праща паролата некриптирана до {host}; "
        "изберете starttls или tls (без защита само за сървър на този компютър)",
        "SMTP security: “none” with user {user} sends the password unencrypted to {host}; "
        "choose starttls or tls (no security only for a server on this computer)",
    ),
    "email.address_control": (
        "адресът съдържа интервал, нов ред или управляващ знак; не е изпратена; "
        "поправете имейла в данните на платеца",
        "the address holds a space, a line break or a control character; not sent; "
        "correct the payer's e-mail",
    ),
    "email.address_not_plain": (
        "адресът не е един обикновен имейл адрес (напр. „;“ или „,“ в него); не е изпратена; "
        "поправете имейла в данните на платеца",
        "the address is not one plain e-mail address (e.g. a “;” or “,” in it); not sent; "
        "correct the payer's e-mail",
    ),
    "email.bad_sender": (
        "подател: не е имейл адрес: „{sender}“ (напр. Име <anketa@example.bg>)",
        "sender: not an e-mail address: “{sender}” (e.g. Name <anketa@example.bg>)",
    ),
    "email.bad_rate": (
        "писма в минута: 0 (без ограничение) или повече, не {per_minute}",
        "messages a minute: 0 (no limit) or more, not {per_minute}",
    ),
    "email.bad_web_url": (
        "адрес на уеб формата (--web-url): трябва да започва с https://, не „{url}“",
        "web form address (--web-url): must start with https://, not “{url}”",
    ),
    "email.no_web_url": (
        "адрес на уеб формата (campaign_web_url): не е зададен; задайте го с --web-url",
        "web form address (campaign_web_url): not set; set it with --web-url",
    ),
    "email.folder_unwritable": (
        "{path}: не може да се запише ({reason})",
        "{path}: cannot be written ({reason})",
    ),
    "email.no_mailbox": (
        "пощенска кутия: няма такъв файл или папка: {path}",
        "mailbox: no such file or folder: {path}",
    ),
    "email.subject": (
        "Анкетна карта № {card} – актуализиране на данни за контакт",
        "Survey card no. {card}: updating your contact details",
    ),
    "email.greeting": ("Здравейте,", "Hello,"),
    "email.intro": (
        "{company} актуализира данните за контакт на своите клиенти. Прилагаме анкетна "
        "карта № {card}, попълнена с данните, които имаме за Вас.",
        "{company} is updating its customers' contact details. Attached is survey card "
        "no. {card}, filled in with the details we hold for you.",
    ),
    "email.online": (
        "Можете да я попълните онлайн: {link}",
        "You can fill it in online: {link}",
    ),
    "email.return": (
        "Или я отпечатайте, попълнете, подпишете и върнете в информационен център или каса "
        "на дружеството, или по пощата.",
        "Or print it, fill it in, sign it and bring it to one of our information centres "
        "or pay desks, or send it by post.",
    ),
    "email.automatic": (
        "Това писмо е изпратено автоматично; моля, не отговаряйте на него.",
        "This message was sent automatically; please do not reply to it.",
    ),
    "campaign.no_login_password": (
        "--as {user}: няма парола; подайте я в DESK_PASSWORD или стартирайте в терминал",
        "--as {user}: no password; give it in DESK_PASSWORD or run in a terminal",
    ),
    "campaign.login_prompt": ("Парола на {user}: ", "Password of {user}: "),
    "campaign.login_failed": ("--as {user}: {problem}", "--as {user}: {problem}"),
    "campaign.smtp_prompt": (
        "SMTP парола на {user} за {server}: ",
        "SMTP password of {user} for {server}: ",
    ),
    "campaign.no_smtp_password": (
        "--smtp-user {user}: няма парола; подайте я в DESK_SMTP_PASSWORD или стартирайте "
        "в терминал",
        "--smtp-user {user}: no password; give it in DESK_SMTP_PASSWORD or run in a terminal",
    ),
    "campaign.smtp_saved": (
        "Пощенският сървър {server} е запазен",
        "Mail server {server} saved",
    ),
    "campaign.bar_email": ("имейли", "e-mails"),
    "campaign.bar_export": ("карти", "cards"),
    "campaign.no_link": (
        "Картите са без връзка и QR код към уеб формата: адресът ѝ не е зададен (--web-url)",
        "The cards have no link or QR code to the web form: its address is not set (--web-url)",
    ),
    "campaign.interrupted": (
        "Прекъснато; изпратеното е записано, следващото пускане продължава оттук",
        "Interrupted; what was sent is recorded, the next run continues from here",
    ),
    "campaign.emailed": (
        "Карти: {done}; изпратени {sent}, отказани {refused}, неизпратени {failed}",
        "Cards: {done}; sent {sent}, refused {refused}, not sent {failed}",
    ),
    "campaign.exported": (
        "Карти: {done}; записани {sent} в {path} (manifest.csv), неуспешни {failed}, "
        "отказани {refused}",
        "Cards: {done}; {sent} written to {path} (manifest.csv), failed {failed}, "
        "refused {refused}",
    ),
    "campaign.bounces_read": (
        "Прочетени писма: {messages}; доклади за недоставено: {reports}; "
        "отбелязани карти: {bounced}; непознати: {unknown}; нечетими: {unreadable}",
        "Messages read: {messages}; non-delivery reports: {reports}; "
        "cards marked: {bounced}; unknown: {unknown}; unreadable: {unreadable}",
    ),
    "campaign.no_problems": ("Няма откази и върнати писма", "No refusals and no bounces"),
    "campaign.problems_shown": ("Показани {count} от {total}", "Shown {count} of {total}"),
    "campaign.state.refused": ("отказан", "refused"),
    "campaign.state.bounced": ("върнат", "bounced"),
    "campaign.state.failed": ("неуспешен", "failed"),
    "cli.help.campaign_group": (
        "анкетни карти по имейл: настройки, изпращане, износ, върнати писма",
        "survey cards by e-mail: settings, sending, export, bounces",
    ),
    "cli.help.campaign_smtp": (
        "запазва пощенския сървър (паролата в системния ключодържател)",
        "stores the mail server (the password in the system keyring)",
    ),
    "cli.help.campaign_email": (
        "изпраща картите на клиентите с електронна фактура; прекъснато, продължава",
        "e-mails the cards to the e-invoice customers; cut short, it continues",
    ),
    "cli.help.campaign_export": (
        "записва картите като PDF с manifest.csv за изпращача на е-фактури",
        "writes the cards as PDFs with manifest.csv for the e-invoice mailer",
    ),
    "cli.help.campaign_bounces": (
        "чете доклади за недоставени писма (mbox или папка с .eml)",
        "reads delivery status notifications (an mbox or a folder of .eml)",
    ),
    "cli.help.campaign_problems": (
        "показва отказаните, върнатите и несигурните карти",
        "lists the refused, bounced and uncertain cards",
    ),
    "cli.help.campaign_as": (
        "потребител на тази каса (служител или ръководител); парола от DESK_PASSWORD или въведена",
        "a user of this desk (a clerk or a supervisor); the password from DESK_PASSWORD or typed",
    ),
    "cli.help.campaign_web_url": (
        "адрес на уеб формата (запазва се), напр. https://anketa.example.bg",
        "the web form's address (stored), e.g. https://anketa.example.bg",
    ),
    "cli.help.campaign_limit": ("най-много толкова карти", "at most this many cards"),
    "cli.help.campaign_folder": ("папка за PDF файловете", "folder for the PDF files"),
    "cli.help.campaign_mailbox": ("mbox файл или папка с .eml", "an mbox file or a folder of .eml"),
    "cli.help.smtp_host": ("SMTP сървър", "SMTP host"),
    "cli.help.smtp_port": ("SMTP порт (587)", "SMTP port (587)"),
    "cli.help.smtp_security": ("защита на връзката", "connection security"),
    "cli.help.smtp_user": (
        "SMTP потребител; паролата от DESK_SMTP_PASSWORD или въведена",
        "SMTP user; the password from DESK_SMTP_PASSWORD or typed",
    ),
    "cli.help.smtp_sender": (
        "подател, напр. „Топлофикация София <anketa@example.bg>“",
        "sender, e.g. “Toplofikatsia Sofia <anketa@example.bg>”",
    ),
    "cli.help.smtp_rate": (
        "най-много писма в минута (0: без ограничение)",
        "at most this many messages a minute (0: no limit)",
    ),
    # Issue 16, at most once: a card the server may have is never resent by itself.
    "campaign.state.uncertain": (
        "несигурно: сървърът може да го има; проверете дневника му, после изпратете отново",
        "uncertain: the server may have it; check its log, then resend",
    ),
    "campaign.uncertain_left": (
        "Несигурни: {count} (връзката прекъсна след края на писмото); вижте "
        "„desk campaign problems“, после „desk campaign resend“",
        "Uncertain: {count} (the connection went after the message's end); see "
        "'desk campaign problems', then 'desk campaign resend'",
    ),
    "campaign.not_pushed": (
        "Внимание: картите не стигнаха до централната база ({reason}). Работата продължава; "
        "отговорите в уеб формата ще стигнат до касите, но тези карти ще се броят за "
        "върнати едва след следващата синхронизация.",
        "Warning: the cards did not reach the central database ({reason}). The batch goes "
        "on; answers on the web will reach the desks, but these cards will "
        "count as returned only after the next sync.",
    ),
    "email.e_invoice_off": (
        "не получава вече електронна фактура (или няма имейл): картата не е изпратена",
        "no longer takes e-invoices (or has no e-mail): the card was not sent",
    ),
    "email.confirmed_meanwhile": (
        "потвърди данните си междувременно: картата не е нужна и не е изпратена",
        "confirmed the details meanwhile: the card is not needed and was not sent",
    ),
    "email.uncertain_count": (
        "Несигурни: {count} (връзката прекъсна след края на писмото: сървърът може да ги "
        "има; проверете дневника му, после изпратете отново).",
        "Uncertain: {count} (the connection went after the message's end: the server may "
        "have them; check its log, then resend).",
    ),
    "campaign.resent": (
        "Отново в опашката: {count} карти; изпраща ги следващото „desk campaign email“",
        "Queued again: {count} cards; the next 'desk campaign email' sends them",
    ),
    "campaign.resend_nothing": (
        "Посочете номера на карти или --all-uncertain",
        "Name card numbers or --all-uncertain",
    ),
    "email.not_uncertain": (
        "Карти, които не са несигурни (или не са изпратени по имейл): {numbers}; "
        "нищо не е върнато в опашката",
        "Cards not uncertain (or not e-mailed): {numbers}; nothing was queued again",
    ),
    "cli.help.campaign_resend": (
        "връща несигурни карти в опашката, след като сте проверили дневника на сървъра",
        "queues uncertain cards again, once you have checked the server's log",
    ),
    "cli.help.campaign_cards": ("номера на карти", "card numbers"),
    "cli.help.campaign_all_uncertain": ("всички несигурни карти", "every uncertain card"),
    "audit.cards": ("карти № {cards}", "card nos. {cards}"),  # card_resend: those queued again
}

# Words that appear as values ({role}, {what}) and are themselves translated.
WORDS: dict[str, tuple[str, str]] = {
    "cashier": ("касиер", "cashier"),
    "clerk": ("служител", "clerk"),
    "supervisor": ("ръководител", "supervisor"),
    "admin": ("администратор", "admin"),
    # things a role check names ({what})
    "what.payment": ("плащане", "payment"),
    "what.void": ("сторно", "void"),
    "what.shift": ("смяна", "shift"),
    "what.contacts": ("контакти", "contacts"),
    "what.survey_card": ("анкетна карта", "survey card"),
    "what.agreement": ("споразумение", "agreement"),
    "what.plan": ("равни вноски", "equal installments"),
    "what.tenure": ("смяна на собственик или наемател", "change of owner or tenant"),
    # things require_supervisor names ({what}; desk/services/context.py)
    "what.users": ("потребители", "users"),
    "what.audit_log": ("дневник", "audit log"),
    "what.reports": ("отчети", "reports"),
    "what.shifts": ("смени", "shifts"),
    "what.campaign_report": ("отчет за кампанията", "campaign report"),
    # why a row of the audit log's hash chain does not hold ({reason}; audit_chain.py)
    "chain.edited": (
        "съдържанието му не отговаря на хеша (редактиран е)",
        "its content does not match its hash (it was edited)",
    ),
    "chain.link": (
        "не продължава от предишния ред (ред е изтрит, вмъкнат или преместен)",
        "it does not continue from the row before (a row removed, inserted or moved)",
    ),
    "chain.unchained": ("няма хеш", "it has no hash"),
    "chain.unreadable": ("редът не се чете", "the row cannot be read"),
    "chain.users": (
        "потребителите са променени преди него без запис в дневника",
        "the users were changed before it with no row in the log",
    ),
    "chain.users_after": (
        "потребителите са променени след него без запис в дневника",
        "the users were changed after it with no row in the log",
    ),
    "chain.anchor": (
        "последният ред, приет от централната база, липсва или е променен",
        "the last row the central database acknowledged is missing or changed",
    ),
}


def set_language(language: str) -> None:
    global _language
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; known: {', '.join(LANGUAGES)}")
    _language = language


def language() -> str:
    return _language


def money(amount: Money, lang: str | None = None) -> str:
    """ "1 234,56 €" in Bulgarian, "€1,234.56" in English."""
    from babel.numbers import format_currency

    locale = "bg_BG" if (lang or _language) == "bg" else "en_GB"
    return str(format_currency(amount.units, amount.currency, locale=locale))


def number(value: int | Decimal, lang: str | None = None) -> str:
    from babel.numbers import format_decimal

    return str(format_decimal(value, locale="bg_BG" if (lang or _language) == "bg" else "en_GB"))


def when(moment: datetime | date, lang: str | None = None) -> str:
    """A date as dd.mm.yyyy, a moment in Sofia time as dd.mm.yyyy HH:MM (both languages)."""
    if isinstance(moment, datetime):
        if moment.tzinfo is not None:
            moment = moment.astimezone(SOFIA)
        return moment.strftime("%d.%m.%Y %H:%M")
    return moment.strftime("%d.%m.%Y")


def _is_word(name: str, value: str) -> bool:
    """A value is a WORDS key when namespaced ("what.tenure"), or a role under a name
    ending in "role": data that happen to read "admin" (a user name) stay as they are."""
    return value in WORDS and ("." in value or name == "role" or name.endswith("_role"))


def _value(value: Any, lang: str, name: str = "") -> str:
    if isinstance(value, Money):
        return money(value, lang)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, Decimal)):
        return number(value, lang)
    if isinstance(value, (datetime, date)):
        return when(value, lang)
    if isinstance(value, Message):
        return value.text(lang)
    if isinstance(value, (list, tuple)):  # "0000000136, CC-1", never "['0000000136', …]"
        return ", ".join(_value(part, lang, name) for part in value)
    if isinstance(value, str) and _is_word(name, value):
        return WORDS[value][0 if lang == "bg" else 1]
    return str(value)


def word(code: str, values: Mapping[str, Any] | None = None, lang: str | None = None) -> str:
    """The sentence for ``code`` in ``lang`` (default: the current language).

    An unknown code is taken as a sentence already worded (older call sites)."""
    lang = lang or _language
    entry = CATALOGUE.get(code)
    if entry is None:
        return code
    template = entry[0 if lang == "bg" else 1]
    return template.format(**{k: _value(v, lang, k) for k, v in (values or {}).items()})


class Message:
    """A code and its values; worded when shown."""

    __slots__ = ("code", "values")

    def __init__(self, code: str, /, **values: Any) -> None:
        self.code = code
        self.values = values

    def text(self, lang: str | None = None) -> str:
        return word(self.code, self.values, lang)

    def __str__(self) -> str:
        return self.text()

    def __repr__(self) -> str:
        return f"Message({self.code!r}, {self.values!r})"

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Message) and other.code == self.code and other.values == self.values
        )

    def __hash__(self) -> int:
        return hash(self.code)


class CodedError(Exception):
    """An error told as a catalogue code and its values, worded when shown.

    The one shape of every refusal a person can cause: the services' ``UserError``
    and billing's ``SelectionError`` and ``ScheduleError`` are all of it."""

    def __init__(self, code: str = "", /, **values: Any) -> None:
        super().__init__(code)
        self.code = code
        self.values = values

    @property
    def message(self) -> Message:
        return Message(self.code, **self.values)

    def __str__(self) -> str:
        return word(self.code, self.values)
