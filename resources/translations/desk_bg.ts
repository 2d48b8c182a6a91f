<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="bg_BG">
<context>
    <name>AccountPanel</name>
    <message>
        <source>{text}: not an amount; type e.g. 50 or 42,12</source>
        <translation>{text}: не е сума; напишете напр. 50 или 42,12</translation>
    </message>
    <message>
        <source>Nothing to pay</source>
        <translation>Няма задължения за плащане</translation>
    </message>
    <message>
        <source>Nothing ticked: Space ticks the current row</source>
        <translation>Нищо не е отметнато: Интервал отмята текущия ред</translation>
    </message>
    <message>
        <source>At a pay desk today: {to_pay}, saving {saving}</source>
        <translation>На каса днес: {to_pay}, отстъпка {saving}</translation>
    </message>
    <message>
        <source>At a pay desk today: {to_pay}</source>
        <translation>На каса днес: {to_pay}</translation>
    </message>
    <message>
        <source>Pay {to_pay} now, save {saving}</source>
        <translation>Платете {to_pay} сега и спестете {saving}</translation>
    </message>
    <message>
        <source>To pay: {to_pay}</source>
        <translation>За плащане: {to_pay}</translation>
    </message>
    <message>
        <source>Space: tick or untick   ·   digits: pay part of an item   ·   Enter keeps the amount, an empty amount pays in full</source>
        <translation>Интервал: отметка   ·   цифри: частично плащане   ·   Enter запазва сумата, празна сума плаща изцяло</translation>
    </message>
    <message>
        <source>What the payer would pay at a pay desk today: Space ticks or unticks an item, digits take part of it. Payments are taken at a pay desk.</source>
        <translation>Колко би платил платецът на каса днес: интервал отмята или маха отметка, цифри взимат част от задължението. Плащания се приемат на каса.</translation>
    </message>
</context>
<context>
    <name>AgreementPage</name>
    <message>
        <source>not an amount, e.g. 50,00</source>
        <translation>не е сума, например 50,00</translation>
    </message>
    <message>
        <source>not a whole number</source>
        <translation>не е цяло число</translation>
    </message>
    <message>
        <source>Total {total} in {count} installments</source>
        <translation>Общо {total} в {count} вноски</translation>
    </message>
    <message>
        <source>Total {total}</source>
        <translation>Общо {total}</translation>
    </message>
    <message>
        <source>Agreement {number} saved: {total} in {count} installments</source>
        <translation>Споразумение {number} е записано: {total} в {count} вноски</translation>
    </message>
    <message>
        <source>Agreement {number}</source>
        <translation>Споразумение {number}</translation>
    </message>
    <message>
        <source>Agreement</source>
        <translation>Споразумение</translation>
    </message>
    <message>
        <source>Nothing overdue to agree a schedule for</source>
        <translation>Няма просрочени задължения за разсрочване</translation>
    </message>
    <message>
        <source>Overdue bills and court sums (Space ticks an item)</source>
        <translation>Просрочени сметки и съдебни суми (Интервал отбелязва)</translation>
    </message>
    <message>
        <source>Agreement {number} is breached since {day}: its unpaid installments, {amount}, are due at once and cannot be agreed again.</source>
        <translation>Споразумение {number} е нарушено от {day}: неплатените вноски, {amount}, са изискуеми веднага и не могат да се разсрочат отново.</translation>
    </message>
    <message>
        <source>&amp;Down payment (optional)</source>
        <translation>Пър&amp;воначална вноска (по избор)</translation>
    </message>
    <message>
        <source>&amp;Installments</source>
        <translation>&amp;Брой вноски</translation>
    </message>
    <message>
        <source>Day of the &amp;month</source>
        <translation>Ден от &amp;месеца</translation>
    </message>
    <message>
        <source>First due</source>
        <translation>Първа вноска на</translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>Погасителен план</translation>
    </message>
    <message>
        <source>&amp;Save and print (Ctrl+S)</source>
        <translation>&amp;Запис и печат (Ctrl+S)</translation>
    </message>
</context>
<context>
    <name>AuditModel</name>
    <message>
        <source>When</source>
        <translation>Кога</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Потребител</translation>
    </message>
    <message>
        <source>Desk</source>
        <translation>Каса</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Действие</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Подробности</translation>
    </message>
</context>
<context>
    <name>AuditPage</name>
    <message>
        <source>{shown} of {total} entries, newest first</source>
        <translation>{shown} от {total} записа, най-новите първи</translation>
    </message>
    <message>
        <source>All users</source>
        <translation>Всички потребители</translation>
    </message>
    <message>
        <source>All desks</source>
        <translation>Всички каси</translation>
    </message>
    <message>
        <source>All actions</source>
        <translation>Всички действия</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>Одитен дневник</translation>
    </message>
    <message>
        <source>&amp;User</source>
        <translation>&amp;Потребител</translation>
    </message>
    <message>
        <source>&amp;Desk</source>
        <translation>&amp;Каса</translation>
    </message>
    <message>
        <source>&amp;Action</source>
        <translation>Д&amp;ействие</translation>
    </message>
    <message>
        <source>&amp;From</source>
        <translation>&amp;От</translation>
    </message>
    <message>
        <source>&amp;To</source>
        <translation>&amp;До</translation>
    </message>
</context>
<context>
    <name>BatchConfirm</name>
    <message>
        <source>all districts</source>
        <translation>всички райони</translation>
    </message>
    <message>
        <source>Print a batch of survey cards</source>
        <translation>Печат на партида анкетни карти</translation>
    </message>
    <message>
        <source>Print {count} survey cards for {group}? Each card is recorded as printed as it is numbered.</source>
        <translation>Да се отпечатат ли {count} анкетни карти за {group}? Всяка карта се записва като отпечатана, щом получи номер.</translation>
    </message>
    <message>
        <source>&amp;Print {count} cards</source>
        <translation>&amp;Печат на {count} карти</translation>
    </message>
    <message>
        <source>Back (Esc)</source>
        <translation>Назад (Esc)</translation>
    </message>
</context>
<context>
    <name>CampaignModel</name>
    <message>
        <source>District</source>
        <translation>Район</translation>
    </message>
    <message>
        <source>Active payers</source>
        <translation>Активни
платци</translation>
    </message>
    <message>
        <source>Cards issued</source>
        <translation>Издадени
карти</translation>
    </message>
    <message>
        <source>Issued %</source>
        <translation>Издадени
%</translation>
    </message>
    <message>
        <source>Cards returned</source>
        <translation>Върнати
карти</translation>
    </message>
    <message>
        <source>Returned %</source>
        <translation>Върнати
%</translation>
    </message>
    <message>
        <source>Confirmed or changed</source>
        <translation>Потвърдени
или променени</translation>
    </message>
    <message>
        <source>Confirmed %</source>
        <translation>Потвърдени
%</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Общо</translation>
    </message>
    <message>
        <source>No current property, blank cards (not in the total)</source>
        <translation>Без имот, празни карти</translation>
    </message>
</context>
<context>
    <name>CampaignPage</name>
    <message>
        <source>By channel</source>
        <translation>По канали</translation>
    </message>
    <message>
        <source>By channel: {district}</source>
        <translation>По канали: {district}</translation>
    </message>
    <message>
        <source>Campaign progress</source>
        <translation>Напредък на кампанията</translation>
    </message>
    <message>
        <source>Campaign since {start}, as of {on}</source>
        <translation>Кампания от {start}, към {on}</translation>
    </message>
    <message>
        <source>Campaign</source>
        <translation>Кампания</translation>
    </message>
    <message>
        <source>Refresh (F5)</source>
        <translation>Опресни (F5)</translation>
    </message>
    <message>
        <source>Cards by e-mail… (Ctrl+E)</source>
        <translation>Карти по имейл… (Ctrl+E)</translation>
    </message>
</context>
<context>
    <name>CampaignReportPage</name>
    <message>
        <source>Campaign report</source>
        <translation>Отчет за кампанията</translation>
    </message>
    <message>
        <source>Campaign report {date}</source>
        <translation>Отчет за кампанията {date}</translation>
    </message>
    <message>
        <source>Cards issued (printed or e-mailed) and returned and payers whose contact details were confirmed or changed since the campaign start, per district and in total, as of the end of the date. Enter shows the report; print it from the preview.</source>
        <translation>Издадени (отпечатани или изпратени по имейл) и върнати карти и платци с потвърдени или променени данни за контакт от началото на кампанията, по райони и общо, към края на датата. Enter показва отчета; отпечатва се от прегледа.</translation>
    </message>
    <message>
        <source>&amp;As of</source>
        <translation>&amp;Към дата</translation>
    </message>
    <message>
        <source>Preview (Enter)</source>
        <translation>Преглед (Enter)</translation>
    </message>
</context>
<context>
    <name>CardsPage</name>
    <message>
        <source>Survey cards</source>
        <translation>Анкетни карти</translation>
    </message>
    <message>
        <source>All districts</source>
        <translation>Всички райони</translation>
    </message>
    <message>
        <source>Printed, not returned: {count}</source>
        <translation>Отпечатани, невърнати: {count}</translation>
    </message>
    <message>
        <source>Survey card {code}</source>
        <translation>Анкетна карта {code}</translation>
    </message>
    <message>
        <source>Blank survey cards: {count}</source>
        <translation>Празни анкетни карти: {count}</translation>
    </message>
    <message>
        <source>Another clerk printed survey cards on this desk meanwhile: the card numbers changed. Check the preview and print again.</source>
        <translation>Междувременно друг служител е отпечатал анкетни карти на това бюро: номерата на картите са променени. Прегледайте ги отново и отпечатайте.</translation>
    </message>
    <message>
        <source>Payers in the group: {count}</source>
        <translation>Платци в групата: {count}</translation>
    </message>
    <message>
        <source>payers with a card out are left out: {count}</source>
        <translation>пропуснати платци с невърната карта: {count}</translation>
    </message>
    <message>
        <source>{count} payers are more than one batch takes ({limit}): choose a district or a later “not confirmed since” date.</source>
        <translation>{count} платци са повече, отколкото поема една партида ({limit}): изберете район или по-късна дата в „Непотвърдени от“.</translation>
    </message>
    <message>
        <source>Choosing the payers…</source>
        <translation>Избиране на платците…</translation>
    </message>
    <message>
        <source>No payer in this group: nothing to print.</source>
        <translation>Няма платци в тази група: нищо за печат.</translation>
    </message>
    <message>
        <source>Printing survey cards: {done} of {total}…</source>
        <translation>Печат на анкетни карти: {done} от {total}…</translation>
    </message>
    <message>
        <source>Cancelling after the cards being printed now…</source>
        <translation>Спиране след картите, които се печатат в момента…</translation>
    </message>
    <message>
        <source>No survey card was printed.</source>
        <translation>Не е отпечатана нито една анкетна карта.</translation>
    </message>
    <message>
        <source>Blank cards: a whole number from 1 to {most}</source>
        <translation>Празни карти: цяло число от 1 до {most}</translation>
    </message>
    <message>
        <source>Print {count} survey cards? Waiting for the answer…</source>
        <translation>Да се отпечатат ли {count} анкетни карти? Чака се отговор…</translation>
    </message>
    <message>
        <source>Sending {count} cards to the printer…</source>
        <translation>Изпращане на {count} карти към принтера…</translation>
    </message>
    <message>
        <source>Survey cards printed: {count}.</source>
        <translation>Отпечатани анкетни карти: {count}.</translation>
    </message>
    <message>
        <source>Stopped: {done} of {total} survey cards printed; the others were not numbered.</source>
        <translation>Спряно: отпечатани {done} от {total} анкетни карти; останалите не са номерирани.</translation>
    </message>
    <message>
        <source>One card</source>
        <translation>Една карта</translation>
    </message>
    <message>
        <source>Pre-filled for &amp;payer code:</source>
        <translation>Попълнена за &amp;код на платец:</translation>
    </message>
    <message>
        <source>Print pre-filled card</source>
        <translation>Печат на попълнена карта</translation>
    </message>
    <message>
        <source>&amp;Blank cards:</source>
        <translation>&amp;Празни карти:</translation>
    </message>
    <message>
        <source>Print blank cards</source>
        <translation>Печат на празни карти</translation>
    </message>
    <message>
        <source>A batch for a group of payers</source>
        <translation>Партида за група платци</translation>
    </message>
    <message>
        <source>&amp;District:</source>
        <translation>&amp;Район:</translation>
    </message>
    <message>
        <source>&amp;Not confirmed since:</source>
        <translation>&amp;Непотвърдени от:</translation>
    </message>
    <message>
        <source>Print ba&amp;tch</source>
        <translation>Печат на пар&amp;тида</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>&amp;Отказ</translation>
    </message>
    <message>
        <source>Printed, not returned (Enter opens the card)</source>
        <translation>Отпечатани, невърнати (Enter отваря картата)</translation>
    </message>
</context>
<context>
    <name>CashierDesk</name>
    <message>
        <source>Log out with the shift open?</source>
        <translation>Изход от профила при отворена смяна?</translation>
    </message>
    <message>
        <source>The shift of {name} at {desk} has been open since {since}. It stays open after logging out: close it first (F12) to count the drawer and print the Z report.

Log out anyway?</source>
        <translation>Смяната на {name} на {desk} е отворена от {since}. Тя остава отворена и след изхода: закрийте я първо (F12), за да преброите касата и да отпечатате Z отчета.

Изход от профила въпреки това?</translation>
    </message>
    <message>
        <source>&amp;Log out</source>
        <translation>&amp;Изход от профила</translation>
    </message>
    <message>
        <source>Quit with the shift open?</source>
        <translation>Изход при отворена смяна?</translation>
    </message>
    <message>
        <source>The shift of {name} at {desk} has been open since {since}. Closing it (F12) counts the drawer and prints the Z report; after quitting it stays open until it is closed.

Quit anyway?</source>
        <translation>Смяната на {name} на {desk} е отворена от {since}. Закриването ѝ (F12) преброява касата и отпечатва Z отчета; след изход тя остава отворена, докато не бъде закрита.

Изход въпреки това?</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Изход</translation>
    </message>
    <message>
        <source>&amp;Stay</source>
        <translation>&amp;Оставам</translation>
    </message>
    <message>
        <source>&amp;Desk</source>
        <translation>&amp;Каса</translation>
    </message>
    <message>
        <source>&amp;Cashier desk</source>
        <translation>&amp;Касов екран</translation>
    </message>
    <message>
        <source>&amp;Information desk</source>
        <translation>&amp;Информационен център</translation>
    </message>
    <message>
        <source>&amp;Supervisor</source>
        <translation>&amp;Ръководител</translation>
    </message>
    <message>
        <source>Database &amp;overview</source>
        <translation>&amp;Преглед на базата данни</translation>
    </message>
    <message>
        <source>&amp;Lock the screen</source>
        <translation>&amp;Заключване на екрана</translation>
    </message>
    <message>
        <source>Log o&amp;ut</source>
        <translation>Из&amp;ход от профила</translation>
    </message>
</context>
<context>
    <name>CashierPanel</name>
    <message>
        <source>Search (F2)</source>
        <translation>Търсене (F2)</translation>
    </message>
    <message>
        <source>Open shift (F4)</source>
        <translation>Откриване на смяна (F4)</translation>
    </message>
    <message>
        <source>Pay (F5)</source>
        <translation>Плащане (F5)</translation>
    </message>
    <message>
        <source>History (F8)</source>
        <translation>История (F8)</translation>
    </message>
    <message>
        <source>Void (F9)</source>
        <translation>Сторно (F9)</translation>
    </message>
    <message>
        <source>Close shift (F12)</source>
        <translation>Закриване на смяна (F12)</translation>
    </message>
    <message>
        <source>Scan a notice or type a subscriber number, payer code, invoice number or a name and press Enter.

F2 search · F5 pay · F8 history · F9 void · F12 close shift · Ctrl+L lock</source>
        <translation>Сканирайте съобщение или въведете абонатен номер, код на платец, номер на фактура или име и натиснете Enter.

F2 търсене · F5 плащане · F8 история · F9 сторно · F12 закриване на смяна · Ctrl+L заключване</translation>
    </message>
    <message>
        <source>{name}&apos;s shift is open at this desk since {since}: no payments (F4)</source>
        <translation>На тази каса е открита смяната на {name} от {since}: плащания не се приемат (F4)</translation>
    </message>
    <message>
        <source>No open shift: payments need one (F4)</source>
        <translation>Няма открита смяна: за плащания е нужна (F4)</translation>
    </message>
    <message>
        <source>Shift open since {time}, float {amount}</source>
        <translation>Смяна от {time}, начална наличност {amount}</translation>
    </message>
</context>
<context>
    <name>ChannelModel</name>
    <message>
        <source>Channel</source>
        <translation>Канал</translation>
    </message>
    <message>
        <source>Cards issued</source>
        <translation>Издадени карти</translation>
    </message>
    <message>
        <source>Cards returned</source>
        <translation>Върнати карти</translation>
    </message>
    <message>
        <source>Confirmed or changed</source>
        <translation>Потвърдили или променили</translation>
    </message>
    <message>
        <source>Pay desk</source>
        <translation>Каса</translation>
    </message>
    <message>
        <source>Information centre</source>
        <translation>Информационен център</translation>
    </message>
    <message>
        <source>Scanned card</source>
        <translation>Сканирана карта</translation>
    </message>
    <message>
        <source>E-mail card</source>
        <translation>Карта по имейл</translation>
    </message>
    <message>
        <source>Web form</source>
        <translation>Уеб формуляр</translation>
    </message>
</context>
<context>
    <name>CloseShiftDialog</name>
    <message>
        <source>Counted: {amount}</source>
        <translation>Преброено: {amount}</translation>
    </message>
    <message>
        <source>Expected: …</source>
        <translation>Очаквано: …</translation>
    </message>
    <message>
        <source>Expected: {amount}</source>
        <translation>Очаквано: {amount}</translation>
    </message>
    <message>
        <source>Close shift</source>
        <translation>Закриване на смяна</translation>
    </message>
    <message>
        <source>{denomination}: type a whole number of pieces</source>
        <translation>{denomination}: въведете цял брой</translation>
    </message>
    <message>
        <source>Close the shift as counted</source>
        <translation>Закриване с преброеното</translation>
    </message>
    <message>
        <source>Close shift: count the cash by denomination</source>
        <translation>Закриване на смяна: пребройте парите по купюри</translation>
    </message>
    <message>
        <source>Interim report (F6)</source>
        <translation>Междинен отчет (F6)</translation>
    </message>
    <message>
        <source>Close {name}&apos;s shift: count the cash by denomination</source>
        <translation>Закриване на смяната на {name}: пребройте касата по купюри</translation>
    </message>
    <message>
        <source>The shift is closed</source>
        <translation>Смяната е закрита</translation>
    </message>
    <message>
        <source>Print Z-report (F6)</source>
        <translation>Печат на Z-отчет (F6)</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Банкноти</translation>
    </message>
    <message>
        <source>Coins</source>
        <translation>Монети</translation>
    </message>
    <message>
        <source>Close shift (Ctrl+Enter)</source>
        <translation>Закриване (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Cancel (Esc)</source>
        <translation>Отказ (Esc)</translation>
    </message>
    <message>
        <source>Done (Enter)</source>
        <translation>Готово (Enter)</translation>
    </message>
</context>
<context>
    <name>ConfirmAmount</name>
    <message>
        <source>Back (Esc)</source>
        <translation>Назад (Esc)</translation>
    </message>
</context>
<context>
    <name>ConfirmDialog</name>
    <message>
        <source>Cancel (Esc)</source>
        <translation>Отказ (Esc)</translation>
    </message>
</context>
<context>
    <name>ContactHistoryModel</name>
    <message>
        <source>When</source>
        <translation>Кога</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Поле</translation>
    </message>
    <message>
        <source>Old value</source>
        <translation>Стара стойност</translation>
    </message>
    <message>
        <source>New value</source>
        <translation>Нова стойност</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>Къде</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Кой</translation>
    </message>
    <message>
        <source>Desk</source>
        <translation>Работно място</translation>
    </message>
    <message>
        <source>Survey card</source>
        <translation>Анкетна карта</translation>
    </message>
</context>
<context>
    <name>ContactsPage</name>
    <message>
        <source>phone</source>
        <translation>телефон</translation>
    </message>
    <message>
        <source>second phone</source>
        <translation>втори телефон</translation>
    </message>
    <message>
        <source>e-mail</source>
        <translation>имейл</translation>
    </message>
    <message>
        <source>correspondence address</source>
        <translation>адрес за кореспонденция</translation>
    </message>
    <message>
        <source>preferred channel</source>
        <translation>предпочитан канал</translation>
    </message>
    <message>
        <source>e-invoice</source>
        <translation>електронна фактура</translation>
    </message>
    <message>
        <source>e-invoice e-mail</source>
        <translation>имейл за електронна фактура</translation>
    </message>
    <message>
        <source>consent given on</source>
        <translation>съгласие от дата</translation>
    </message>
    <message>
        <source>details confirmed</source>
        <translation>данните потвърдени</translation>
    </message>
    <message>
        <source>pay desk</source>
        <translation>каса</translation>
    </message>
    <message>
        <source>information centre</source>
        <translation>информационен център</translation>
    </message>
    <message>
        <source>survey card</source>
        <translation>анкетна карта</translation>
    </message>
    <message>
        <source>web form</source>
        <translation>уеб формуляр</translation>
    </message>
    <message>
        <source>e-invoice reply</source>
        <translation>отговор на електронна фактура</translation>
    </message>
    <message>
        <source>post</source>
        <translation>поща</translation>
    </message>
    <message>
        <source>SMS</source>
        <translation>SMS</translation>
    </message>
    <message>
        <source>phone call</source>
        <translation>телефонно обаждане</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>да</translation>
    </message>
    <message>
        <source>no</source>
        <translation>не</translation>
    </message>
    <message>
        <source>Survey card {number} entered: {count} changes.</source>
        <translation>Анкетна карта {number} е въведена: {count} промени.</translation>
    </message>
    <message>
        <source>Contact details saved: {count} changes.</source>
        <translation>Данните за контакт са записани: {count} промени.</translation>
    </message>
    <message>
        <source>Contact details confirmed unchanged.</source>
        <translation>Данните за контакт са потвърдени без промяна.</translation>
    </message>
    <message>
        <source>{name}, payer code {code}</source>
        <translation>{name}, код на платец {code}</translation>
    </message>
    <message>
        <source>Payer code {code}</source>
        <translation>Код на платец {code}</translation>
    </message>
    <message>
        <source>Survey card {number}: saving records the changes against this card.</source>
        <translation>Анкетна карта {number}: записът отбелязва промените по тази карта.</translation>
    </message>
    <message>
        <source>Survey card {number} for {name}, payer code {code}: check it is the person at the counter; saving records the changes against this card.</source>
        <translation>Анкетна карта {number} на {name}, код на платец {code}: проверете, че е лицето на гишето; записът отбелязва промените по тази карта.</translation>
    </message>
    <message>
        <source>Last confirmed {when}</source>
        <translation>Последно потвърдени на {when}</translation>
    </message>
    <message>
        <source>Never confirmed</source>
        <translation>Никога не са потвърждавани</translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation>Контакти</translation>
    </message>
    <message>
        <source>&amp;Phone</source>
        <translation>&amp;Телефон</translation>
    </message>
    <message>
        <source>&amp;Second phone</source>
        <translation>&amp;Втори телефон</translation>
    </message>
    <message>
        <source>&amp;E-mail</source>
        <translation>&amp;Имейл</translation>
    </message>
    <message>
        <source>Correspondence a&amp;ddress</source>
        <translation>&amp;Адрес за кореспонденция</translation>
    </message>
    <message>
        <source>Preferred c&amp;hannel</source>
        <translation>Предпочитан &amp;канал</translation>
    </message>
    <message>
        <source>E-&amp;invoice</source>
        <translation>&amp;Електронна фактура</translation>
    </message>
    <message>
        <source>E-invoice e-&amp;mail</source>
        <translation>Имейл за е&amp;лектронна фактура</translation>
    </message>
    <message>
        <source>C&amp;onsent</source>
        <translation>&amp;Съгласие</translation>
    </message>
    <message>
        <source>not chosen</source>
        <translation>не е избран</translation>
    </message>
    <message>
        <source>Send invoices by e-mail</source>
        <translation>Фактурите по имейл</translation>
    </message>
    <message>
        <source>Consent to processing of personal data given on</source>
        <translation>Съгласие за обработка на лични данни, дадено на</translation>
    </message>
    <message>
        <source>Save (Ctrl+S)</source>
        <translation>Запис (Ctrl+S)</translation>
    </message>
    <message>
        <source>History of changes</source>
        <translation>История на промените</translation>
    </message>
</context>
<context>
    <name>CoverModel</name>
    <message>
        <source>Item</source>
        <translation>Задължение</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Вид</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>Период</translation>
    </message>
    <message>
        <source>Due since</source>
        <translation>Просрочено от</translation>
    </message>
    <message>
        <source>Balance</source>
        <translation>Остатък</translation>
    </message>
</context>
<context>
    <name>CrashHandler</name>
    <message>
        <source>Desk: unexpected error</source>
        <translation>Desk: неочаквана грешка</translation>
    </message>
    <message>
        <source>Something went wrong inside the program. Your last action may not have been completed; please check it, then carry on.</source>
        <translation>В програмата възникна грешка. Последното ви действие може да не е завършило; проверете го и продължете работа.</translation>
    </message>
    <message>
        <source>The details were saved to {path}. Please tell the administrator.</source>
        <translation>Подробностите са записани в {path}. Моля, уведомете администратора.</translation>
    </message>
</context>
<context>
    <name>DailyReportPage</name>
    <message>
        <source>Daily report</source>
        <translation>Дневен отчет</translation>
    </message>
    <message>
        <source>All desks</source>
        <translation>Всички каси</translation>
    </message>
    <message>
        <source>Daily report {date}</source>
        <translation>Дневен отчет {date}</translation>
    </message>
    <message>
        <source>Receipts, totals by tender, discounts, voids and shifts of one day, for every desk or one. Enter shows the report; print it from the preview.</source>
        <translation>Квитанции, суми по начин на плащане, отстъпки, сторно и смени за един ден, за всички каси или за една. Enter показва отчета; отпечатайте го от прегледа.</translation>
    </message>
    <message>
        <source>&amp;Date</source>
        <translation>&amp;Дата</translation>
    </message>
    <message>
        <source>D&amp;esk</source>
        <translation>&amp;Каса</translation>
    </message>
    <message>
        <source>Preview (Enter)</source>
        <translation>Преглед (Enter)</translation>
    </message>
</context>
<context>
    <name>DatabaseHeader</name>
    <message>
        <source>Toplofikatsia Sofia — information centre</source>
        <translation>Топлофикация София — информационен център</translation>
    </message>
    <message>
        <source>Toplofikatsia Sofia — pay desk</source>
        <translation>Топлофикация София — каса</translation>
    </message>
    <message>
        <source>Toplofikatsia Sofia — supervisor</source>
        <translation>Топлофикация София — ръководител</translation>
    </message>
    <message>
        <source>Toplofikatsia Sofia</source>
        <translation>Топлофикация София</translation>
    </message>
    <message>
        <source>No database open</source>
        <translation>Няма отворена база данни</translation>
    </message>
    <message>
        <source>Database: {path}</source>
        <translation>База данни: {path}</translation>
    </message>
    <message>
        <source>DEMO DATA</source>
        <translation>ДЕМО ДАННИ</translation>
    </message>
    <message>
        <source>Generated demo data, seed {seed}</source>
        <translation>Генерирани демо данни, начално число {seed}</translation>
    </message>
</context>
<context>
    <name>Documents</name>
    <message>
        <source>Printing {name}…</source>
        <translation>Печат на {name}…</translation>
    </message>
    <message>
        <source>{name} could not be printed or saved: {error}</source>
        <translation>{name} не може да се отпечата или запише: {error}</translation>
    </message>
    <message>
        <source>{name} printed on {printer}.</source>
        <translation>{name} е отпечатан на {printer}.</translation>
    </message>
    <message>
        <source>No printer: {name} saved to {path}.</source>
        <translation>Няма принтер: {name} е записан в {path}.</translation>
    </message>
</context>
<context>
    <name>EmailCardsDialog</name>
    <message>
        <source>Settings saved.</source>
        <translation>Настройките са запазени.</translation>
    </message>
    <message>
        <source>unchanged (saved in the keyring)</source>
        <translation>непроменена (пази се в хранилището за пароли)</translation>
    </message>
    <message>
        <source>Export the cards to a folder</source>
        <translation>Експорт на картите в папка</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Започване…</translation>
    </message>
    <message>
        <source>Cancelling: the card under way is finished…</source>
        <translation>Спиране: довършва се текущата карта…</translation>
    </message>
    <message>
        <source>Cancelled. {progress}</source>
        <translation>Отказано. {progress}</translation>
    </message>
    <message>
        <source>Finished. {progress}</source>
        <translation>Готово. {progress}</translation>
    </message>
    <message>
        <source>{done} of {total} cards: {sent} written to the folder, {failed} failed.</source>
        <translation>{done} от {total} карти: {sent} записани в папката, {failed} неуспешни.</translation>
    </message>
    <message>
        <source>{done} of {total} cards: {sent} sent, {refused} refused, {failed} not sent.</source>
        <translation>{done} от {total} карти: {sent} изпратени, {refused} отказани, {failed} неизпратени.</translation>
    </message>
    <message>
        <source>Counting the payers due…</source>
        <translation>Броят се платците за изпращане…</translation>
    </message>
    <message>
        <source>Payers due a card by e-mail: {count} (e-invoice, not confirmed since the campaign start, no card out).</source>
        <translation>Платци за карта по имейл: {count} (с електронна фактура, непотвърдени от началото на кампанията, без невърната карта).</translation>
    </message>
    <message>
        <source>Survey cards by e-mail</source>
        <translation>Анкетни карти по имейл</translation>
    </message>
    <message>
        <source>Mail server and web form</source>
        <translation>Пощенски сървър и уеб формуляр</translation>
    </message>
    <message>
        <source>&amp;Server:</source>
        <translation>&amp;Сървър:</translation>
    </message>
    <message>
        <source>&amp;Port:</source>
        <translation>Пор&amp;т:</translation>
    </message>
    <message>
        <source>Se&amp;curity:</source>
        <translation>&amp;Защита:</translation>
    </message>
    <message>
        <source>&amp;Login:</source>
        <translation>Потре&amp;бител:</translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation>Па&amp;рола:</translation>
    </message>
    <message>
        <source>Se&amp;nder:</source>
        <translation>&amp;Подател:</translation>
    </message>
    <message>
        <source>&amp;Messages a minute:</source>
        <translation>Писма на &amp;минута:</translation>
    </message>
    <message>
        <source>&amp;Web form address:</source>
        <translation>&amp;Уеб формуляр (адрес):</translation>
    </message>
    <message>
        <source>STARTTLS</source>
        <translation>STARTTLS</translation>
    </message>
    <message>
        <source>TLS (SMTPS)</source>
        <translation>TLS (SMTPS)</translation>
    </message>
    <message>
        <source>None (unencrypted)</source>
        <translation>Без (некриптирано)</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>без ограничение</translation>
    </message>
    <message>
        <source>Name &lt;address@example.bg&gt;</source>
        <translation>Име &lt;адрес@example.bg&gt;</translation>
    </message>
    <message>
        <source>Save settings (Ctrl+S)</source>
        <translation>Запис на настройките (Ctrl+S)</translation>
    </message>
    <message>
        <source>Sending</source>
        <translation>Изпращане</translation>
    </message>
    <message>
        <source>&amp;Send by e-mail (Ctrl+Enter)</source>
        <translation>&amp;Изпращане по имейл (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>&amp;Export to a folder…</source>
        <translation>&amp;Експорт в папка…</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>&amp;Отказ</translation>
    </message>
    <message>
        <source>Refused, bounced and failed (newest first)</source>
        <translation>Отказани, върнати и неуспешни (най-новите първи)</translation>
    </message>
    <message>
        <source>Close (Esc)</source>
        <translation>Затваряне (Esc)</translation>
    </message>
</context>
<context>
    <name>EnvironmentError</name>
    <message>
        <source>The database is busy.</source>
        <translation>Базата данни е заета.</translation>
    </message>
    <message>
        <source>Another program is using it. Wait a moment and try again.</source>
        <translation>Друга програма я използва. Изчакайте малко и опитайте отново.</translation>
    </message>
    <message>
        <source>The disk is full.</source>
        <translation>Дискът е пълен.</translation>
    </message>
    <message>
        <source>Free some space or call the administrator, then try again.</source>
        <translation>Освободете място или се обадете на администратора, после опитайте отново.</translation>
    </message>
    <message>
        <source>The database cannot be written to.</source>
        <translation>В базата данни не може да се записва.</translation>
    </message>
    <message>
        <source>The file or its folder is read-only. Call the administrator.</source>
        <translation>Файлът или папката му са само за четене. Обадете се на администратора.</translation>
    </message>
    <message>
        <source>The database file cannot be opened.</source>
        <translation>Файлът на базата данни не може да се отвори.</translation>
    </message>
    <message>
        <source>Check that its folder exists and the disk is connected, then try again.</source>
        <translation>Проверете дали папката съществува и дискът е свързан, после опитайте отново.</translation>
    </message>
    <message>
        <source>The database cannot be reached.</source>
        <translation>Базата данни е недостъпна.</translation>
    </message>
    <message>
        <source>Try again. If this keeps happening, call the administrator.</source>
        <translation>Опитайте отново. Ако това се повтаря, обадете се на администратора.</translation>
    </message>
</context>
<context>
    <name>HistoryDialog</name>
    <message>
        <source>This desk keeps the payments from {date} on; older ones are in the central database.</source>
        <translation>Този пункт пази плащанията от {date} нататък; по-старите са в централната база.</translation>
    </message>
    <message>
        <source>No payment selected.</source>
        <translation>Не е избрано плащане.</translation>
    </message>
    <message>
        <source>This payment is already voided.</source>
        <translation>Това плащане вече е сторнирано.</translation>
    </message>
    <message>
        <source>This payment was not taken at a desk.</source>
        <translation>Това плащане не е прието на каса.</translation>
    </message>
    <message>
        <source>Payments</source>
        <translation>Плащания</translation>
    </message>
    <message>
        <source>Payments of {name}</source>
        <translation>Плащания на {name}</translation>
    </message>
    <message>
        <source>Reprint (F6)</source>
        <translation>Копие (F6)</translation>
    </message>
    <message>
        <source>Void (F9)</source>
        <translation>Сторно (F9)</translation>
    </message>
    <message>
        <source>Close (Esc)</source>
        <translation>Затваряне (Esc)</translation>
    </message>
</context>
<context>
    <name>HitsModel</name>
    <message>
        <source>Payer code</source>
        <translation>Код на платец</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Име</translation>
    </message>
    <message>
        <source>Subscriber no.</source>
        <translation>Абонатен №</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Адрес</translation>
    </message>
    <message>
        <source>District</source>
        <translation>Район</translation>
    </message>
    <message>
        <source>Holder</source>
        <translation>Титуляр</translation>
    </message>
    <message>
        <source>current</source>
        <translation>настоящ</translation>
    </message>
    <message>
        <source>former</source>
        <translation>предишен</translation>
    </message>
</context>
<context>
    <name>InfoPanel</name>
    <message>
        <source>Survey card {number}: no such card</source>
        <translation>Анкетна карта {number}: няма такава карта</translation>
    </message>
    <message>
        <source>Survey card {number} was already entered on {date}</source>
        <translation>Анкетна карта {number} вече е въведена на {date}</translation>
    </message>
    <message>
        <source>Survey card {number}</source>
        <translation>Анкетна карта {number}</translation>
    </message>
    <message>
        <source>Blank survey card {number}: find its payer, then enter the card (Esc in the search field puts the card aside)</source>
        <translation>Празна анкетна карта {number}: намерете платеца, после въведете картата (Esc в полето за търсене я оставя настрана)</translation>
    </message>
    <message>
        <source>Survey card {number} put aside: scan it again to enter it.</source>
        <translation>Анкетна карта {number} е оставена настрана: сканирайте я отново, за да я въведете.</translation>
    </message>
    <message>
        <source>Search (F2)</source>
        <translation>Търсене (F2)</translation>
    </message>
    <message>
        <source>Statement (F7)</source>
        <translation>Справка (F7)</translation>
    </message>
    <message>
        <source>&amp;Payer</source>
        <translation>&amp;Платец</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Сметка</translation>
    </message>
    <message>
        <source>Scan a notice or a returned survey card, or type a subscriber number, payer code or a name and press Enter.

F2 search · F7 statement · Ctrl+L lock</source>
        <translation>Сканирайте съобщение или върната анкетна карта, или въведете абонатен номер, код на платец или име и натиснете Enter.

F2 търсене · F7 справка · Ctrl+L заключване</translation>
    </message>
</context>
<context>
    <name>ItemsModel</name>
    <message>
        <source>Kind</source>
        <translation>Вид</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>Период</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Номер</translation>
    </message>
    <message>
        <source>In leva</source>
        <translation>В лева</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Сума</translation>
    </message>
    <message>
        <source>Balance</source>
        <translation>Остатък</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>Срок</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Състояние</translation>
    </message>
    <message>
        <source>Discount</source>
        <translation>Отстъпка</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Основание</translation>
    </message>
    <message>
        <source>To pay</source>
        <translation>За плащане</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>Просрочено</translation>
    </message>
    <message>
        <source>Current</source>
        <translation>В срок</translation>
    </message>
    <message>
        <source>Costs {costs}, interest {interest}, principal {principal}</source>
        <translation>Разноски {costs}, лихви {interest}, главница {principal}</translation>
    </message>
</context>
<context>
    <name>LoginOverlay</name>
    <message>
        <source>Type your user name and password.</source>
        <translation>Въведете потребителско име и парола.</translation>
    </message>
    <message>
        <source>The new password needs at least {count} characters.</source>
        <translation>Новата парола трябва да е поне {count} знака.</translation>
    </message>
    <message>
        <source>The two passwords are not the same.</source>
        <translation>Двете пароли не са еднакви.</translation>
    </message>
    <message>
        <source>&amp;User name</source>
        <translation>&amp;Потребителско име</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>П&amp;арола</translation>
    </message>
    <message>
        <source>Log in (Enter)</source>
        <translation>Вход (Enter)</translation>
    </message>
    <message>
        <source>&amp;New password</source>
        <translation>&amp;Нова парола</translation>
    </message>
    <message>
        <source>New password &amp;again</source>
        <translation>Новата парола &amp;отново</translation>
    </message>
    <message>
        <source>Save and log in (Enter)</source>
        <translation>Запиши и влез (Enter)</translation>
    </message>
    <message>
        <source>Choose a new password</source>
        <translation>Изберете нова парола</translation>
    </message>
    <message>
        <source>{name}, your password is temporary. Choose your own, at least {count} characters, and type it twice. Esc goes back.</source>
        <translation>{name}, паролата Ви е временна. Изберете своя, поне {count} знака, и я въведете два пъти. Esc връща назад.</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>Вход</translation>
    </message>
    <message>
        <source>Toplofikatsia Sofia — pay desk</source>
        <translation>Топлофикация София — каса</translation>
    </message>
    <message>
        <source>The screen is locked</source>
        <translation>Екранът е заключен</translation>
    </message>
    <message>
        <source>Locked after {minutes} idle minutes. Only {name} can unlock it.</source>
        <translation>Заключен след {minutes} минути бездействие. Само {name} може да го отключи.</translation>
    </message>
    <message>
        <source>{name} locked the screen. Only {name} can unlock it.</source>
        <translation>{name} заключи екрана. Само {name} може да го отключи.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Preparing the demo database…</source>
        <translation>Подготвяне на демо базата…</translation>
    </message>
    <message>
        <source>Opening the database…</source>
        <translation>Отваряне на базата данни…</translation>
    </message>
    <message>
        <source>Reading the database…</source>
        <translation>Четене на базата данни…</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;F1&lt;/b&gt; — this help&lt;br&gt;&lt;b&gt;F2&lt;/b&gt; — search&lt;br&gt;&lt;b&gt;F4&lt;/b&gt; — open the shift&lt;br&gt;&lt;b&gt;F5&lt;/b&gt; — pay&lt;br&gt;&lt;b&gt;F8&lt;/b&gt; — payments of the payer&lt;br&gt;&lt;b&gt;F9&lt;/b&gt; — void&lt;br&gt;&lt;b&gt;F12&lt;/b&gt; — close the shift&lt;br&gt;&lt;b&gt;Ctrl+L&lt;/b&gt; — lock the screen&lt;br&gt;&lt;b&gt;Ctrl+R&lt;/b&gt; — read the database again&lt;br&gt;&lt;b&gt;Ctrl+Shift+S&lt;/b&gt; — sync with the central database now&lt;br&gt;&lt;b&gt;Ctrl+Q&lt;/b&gt; — quit&lt;/p&gt;&lt;p&gt;The language is chosen in the Language menu.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;F1&lt;/b&gt; — тази помощ&lt;br&gt;&lt;b&gt;F2&lt;/b&gt; — търсене&lt;br&gt;&lt;b&gt;F4&lt;/b&gt; — откриване на смяна&lt;br&gt;&lt;b&gt;F5&lt;/b&gt; — плащане&lt;br&gt;&lt;b&gt;F8&lt;/b&gt; — плащания на платеца&lt;br&gt;&lt;b&gt;F9&lt;/b&gt; — сторно&lt;br&gt;&lt;b&gt;F12&lt;/b&gt; — закриване на смяна&lt;br&gt;&lt;b&gt;Ctrl+L&lt;/b&gt; — заключване на екрана&lt;br&gt;&lt;b&gt;Ctrl+R&lt;/b&gt; — повторно прочитане на базата данни&lt;br&gt;&lt;b&gt;Ctrl+Shift+S&lt;/b&gt; — синхронизиране с централната база сега&lt;br&gt;&lt;b&gt;Ctrl+Q&lt;/b&gt; — изход&lt;/p&gt;&lt;p&gt;Езикът се избира от менюто „Език“.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Help</source>
        <translation>Помощ</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Desk {version}&lt;/b&gt;&lt;/p&gt;&lt;p&gt;The pay desk and information desk of Toplofikatsia Sofia.&lt;/p&gt;&lt;p&gt;Qt {qt}, PySide6 {pyside}&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Desk {version}&lt;/b&gt;&lt;/p&gt;&lt;p&gt;Каса и информационен център на „Топлофикация София“.&lt;/p&gt;&lt;p&gt;Qt {qt}, PySide6 {pyside}&lt;/p&gt;</translation>
    </message>
    <message>
        <source>About Desk</source>
        <translation>За Desk</translation>
    </message>
    <message>
        <source>Toplofikatsia Sofia — Desk</source>
        <translation>Топлофикация София — Desk</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Файл</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Обнови</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Изход</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Език</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Помощ</translation>
    </message>
    <message>
        <source>&amp;About Desk</source>
        <translation>&amp;За Desk</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Готово</translation>
    </message>
</context>
<context>
    <name>NewUserDialog</name>
    <message>
        <source>New user</source>
        <translation>Нов потребител</translation>
    </message>
    <message>
        <source>Type a temporary password twice, or leave both empty to have one made up and shown once. The user chooses their own at the first login.</source>
        <translation>Въведете временна парола два пъти или оставете двете полета празни и програмата ще измисли една и ще я покаже еднократно. Потребителят избира своя парола при първото влизане.</translation>
    </message>
    <message>
        <source>&amp;User name</source>
        <translation>&amp;Потребителско име</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>И&amp;ме</translation>
    </message>
    <message>
        <source>&amp;Role</source>
        <translation>&amp;Роля</translation>
    </message>
    <message>
        <source>Temporary &amp;password</source>
        <translation>Временна п&amp;арола</translation>
    </message>
    <message>
        <source>Password &amp;again</source>
        <translation>Паролата &amp;отново</translation>
    </message>
    <message>
        <source>Create (Enter)</source>
        <translation>Създай (Enter)</translation>
    </message>
    <message>
        <source>Cancel (Esc)</source>
        <translation>Отказ (Esc)</translation>
    </message>
</context>
<context>
    <name>OpenShiftDialog</name>
    <message>
        <source>Open shift</source>
        <translation>Откриване на смяна</translation>
    </message>
    <message>
        <source>Count the cash in the drawer and type the opening float in euro.</source>
        <translation>Пребройте парите в касата и въведете началната наличност в евро.</translation>
    </message>
    <message>
        <source>Opening &amp;float</source>
        <translation>&amp;Начална наличност</translation>
    </message>
    <message>
        <source>Opening float: cannot be negative.</source>
        <translation>Начална наличност: не може да е отрицателна.</translation>
    </message>
    <message>
        <source>Opening float: type the amount counted, e.g. 100 or 150,50.</source>
        <translation>Начална наличност: въведете преброената сума, напр. 100 или 150,50.</translation>
    </message>
    <message>
        <source>Opening float</source>
        <translation>Начална наличност</translation>
    </message>
    <message>
        <source>Open with {amount}</source>
        <translation>Откриване с {amount}</translation>
    </message>
    <message>
        <source>Reason: say why you close this shift.</source>
        <translation>Причина: посочете защо закривате тази смяна.</translation>
    </message>
    <message>
        <source>&amp;Reason</source>
        <translation>&amp;Причина</translation>
    </message>
    <message>
        <source>Open shift (Enter)</source>
        <translation>Откриване (Enter)</translation>
    </message>
    <message>
        <source>A shift is open at this desk</source>
        <translation>На тази каса има открита смяна</translation>
    </message>
    <message>
        <source>{name} ({user}) has had a shift open at {desk} since {since}. One desk has one drawer and one open shift. Count the drawer and close it for them: say why; the reason is recorded, and the shift stays theirs.</source>
        <translation>{name} ({user}) има открита смяна на {desk} от {since}. Една каса има едно чекмедже и една открита смяна. Пребройте касата и я закрийте вместо него: посочете причина; тя се записва, а смяната остава негова.</translation>
    </message>
    <message>
        <source>Count and close it (Enter)</source>
        <translation>Преброяване и закриване (Enter)</translation>
    </message>
    <message>
        <source>{name} ({user}) has had a shift open at {desk} since {since}. One desk has one drawer and one open shift: {name} must close it (F12), or a supervisor count and close it for them. Payments wait until then.</source>
        <translation>{name} ({user}) има открита смяна на {desk} от {since}. Една каса има едно чекмедже и една открита смяна: {name} трябва да я закрие (F12) или ръководител да я преброи и закрие вместо него. Дотогава не се приемат плащания.</translation>
    </message>
    <message>
        <source>Close (Esc)</source>
        <translation>Затваряне (Esc)</translation>
    </message>
    <message>
        <source>Cancel (Esc)</source>
        <translation>Отказ (Esc)</translation>
    </message>
</context>
<context>
    <name>OverviewPanel</name>
    <message>
        <source>Database overview</source>
        <translation>Преглед на базата данни</translation>
    </message>
    <message>
        <source>Properties</source>
        <translation>Имоти</translation>
    </message>
    <message>
        <source>Payers</source>
        <translation>Платци</translation>
    </message>
    <message>
        <source>Invoices</source>
        <translation>Фактури</translation>
    </message>
    <message>
        <source>Payments</source>
        <translation>Плащания</translation>
    </message>
    <message>
        <source>Court cases</source>
        <translation>Съдебни дела</translation>
    </message>
    <message>
        <source>Installment agreements</source>
        <translation>Споразумения за разсрочване</translation>
    </message>
    <message>
        <source>Equal-installment plans</source>
        <translation>Планове с равни вноски</translation>
    </message>
    <message>
        <source>Invoice periods:</source>
        <translation>Периоди на фактурите:</translation>
    </message>
    <message>
        <source>Database size:</source>
        <translation>Размер на базата:</translation>
    </message>
    <message>
        <source>no invoices yet</source>
        <translation>още няма фактури</translation>
    </message>
</context>
<context>
    <name>PasswordDialog</name>
    <message>
        <source>Temporary password</source>
        <translation>Временна парола</translation>
    </message>
    <message>
        <source>Temporary password of {name} ({user})</source>
        <translation>Временна парола на {name} ({user})</translation>
    </message>
    <message>
        <source>It is shown only now: hand it over. At the next login the user must choose a new password.</source>
        <translation>Показва се само сега: предайте я на потребителя. При следващото влизане той трябва да избере нова парола.</translation>
    </message>
    <message>
        <source>Close (Enter)</source>
        <translation>Затвори (Enter)</translation>
    </message>
</context>
<context>
    <name>PayerCard</name>
    <message>
        <source>Payer code {code}</source>
        <translation>Код на платец {code}</translation>
    </message>
    <message>
        <source>EGN</source>
        <translation>ЕГН</translation>
    </message>
    <message>
        <source>EIK</source>
        <translation>ЕИК</translation>
    </message>
    <message>
        <source>Contacts not confirmed for over a year: offer a survey card.</source>
        <translation>Контактите не са потвърждавани повече от година: предложете анкетна карта.</translation>
    </message>
    <message>
        <source>{name} no longer holds {number}: money taken here pays their own past periods, not the current holder&apos;s.</source>
        <translation>{name} вече не е титуляр на {number}: платеното тук покрива неговите минали периоди, не тези на настоящия титуляр.</translation>
    </message>
    <message>
        <source>Phone: {phone}</source>
        <translation>Телефон: {phone}</translation>
    </message>
    <message>
        <source>E-mail: {email}</source>
        <translation>Имейл: {email}</translation>
    </message>
    <message>
        <source>Second phone: {phone}</source>
        <translation>Втори телефон: {phone}</translation>
    </message>
    <message>
        <source>Address: {address}</source>
        <translation>Адрес: {address}</translation>
    </message>
    <message>
        <source>never confirmed</source>
        <translation>непотвърдени</translation>
    </message>
    <message>
        <source>confirmed on {day}</source>
        <translation>потвърдени на {day}</translation>
    </message>
    <message>
        <source>since {start}</source>
        <translation>от {start}</translation>
    </message>
    <message>
        <source>Overdue: {amount}</source>
        <translation>Просрочено: {amount}</translation>
    </message>
    <message>
        <source>Final warning before court action</source>
        <translation>Последно предупреждение преди съд</translation>
    </message>
    <message>
        <source>Court case: {stage}</source>
        <translation>Съдебно дело: {stage}</translation>
    </message>
    <message>
        <source>Installment agreement breached</source>
        <translation>Нарушено споразумение за разсрочване</translation>
    </message>
    <message>
        <source>Installment agreement</source>
        <translation>Споразумение за разсрочване</translation>
    </message>
    <message>
        <source>Equal-installment plan {plan}</source>
        <translation>Равни месечни вноски {plan}</translation>
    </message>
    <message>
        <source>Credit balance: {amount}</source>
        <translation>Аванс: {amount}</translation>
    </message>
    <message>
        <source>In good standing</source>
        <translation>Без просрочия</translation>
    </message>
</context>
<context>
    <name>PaymentFlow</name>
    <message>
        <source>Open a shift first (F4).</source>
        <translation>Първо открийте смяна (F4).</translation>
    </message>
    <message>
        <source>Tick at least one item (Space).</source>
        <translation>Отметнете поне едно задължение (Интервал).</translation>
    </message>
    <message>
        <source>Former holder</source>
        <translation>Предишен титуляр</translation>
    </message>
    <message>
        <source>{name} no longer holds {number}. The money will pay their own past periods, not the current holder&apos;s. Take it anyway?</source>
        <translation>{name} вече не е титуляр на {number}. Парите ще покрият неговите минали периоди, не тези на настоящия титуляр. Да се приеме ли плащането?</translation>
    </message>
    <message>
        <source>Take the payment</source>
        <translation>Приемане на плащането</translation>
    </message>
    <message>
        <source>Cancel (Esc)</source>
        <translation>Отказ (Esc)</translation>
    </message>
    <message>
        <source>The account changed: nothing was taken.</source>
        <translation>Сметката се смени: нищо не е прието.</translation>
    </message>
    <message>
        <source>Saving the payment…</source>
        <translation>Записване на плащането…</translation>
    </message>
    <message>
        <source>Paid {total}, receipt {number}. Change: {change}</source>
        <translation>Платено {total}, квитанция {number}. Ресто: {change}</translation>
    </message>
    <message>
        <source>Paid {total}, receipt {number}.</source>
        <translation>Платено {total}, квитанция {number}.</translation>
    </message>
    <message>
        <source>The payment was not saved: press F5 to take it again.</source>
        <translation>Плащането не е записано: натиснете F5, за да го приемете отново.</translation>
    </message>
    <message>
        <source>Voided {amount}: void receipt {number}, approved by {supervisor}.</source>
        <translation>Сторнирани {amount}: сторно квитанция {number}, одобрено от {supervisor}.</translation>
    </message>
</context>
<context>
    <name>PaymentsModel</name>
    <message>
        <source>Paid at</source>
        <translation>Платено на</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>Квитанция</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>Начин</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Сума</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Състояние</translation>
    </message>
    <message>
        <source>Voided by receipt {number}</source>
        <translation>Сторнирано (сторно № {number})</translation>
    </message>
    <message>
        <source>desk {desk}, no. {number}</source>
        <translation>каса {desk}, № {number}</translation>
    </message>
</context>
<context>
    <name>PlanPage</name>
    <message>
        <source>{count} × {amount}</source>
        <translation>{count} × {amount}</translation>
    </message>
    <message>
        <source>Overdue {amount}: only a payer with nothing overdue can enrol</source>
        <translation>Просрочени {amount}: в равни вноски се включва само платец без просрочени задължения</translation>
    </message>
    <message>
        <source>The payer holds no property both today and on {day}, the first day of the plan year</source>
        <translation>Платецът няма имот, който да държи и днес, и на {day}, първия ден от годината по плана</translation>
    </message>
    <message>
        <source>{number} is already enrolled for {year} ({plan})</source>
        <translation>{number} вече е в равни вноски за {year} ({plan})</translation>
    </message>
    <message>
        <source>Plan {number} saved: {count} installments of {amount} from {month}</source>
        <translation>План {number} е записан: {count} вноски по {amount} от {month}</translation>
    </message>
    <message>
        <source>Equal installments {number}</source>
        <translation>Равни вноски {number}</translation>
    </message>
    <message>
        <source>Equal installments</source>
        <translation>Равни вноски</translation>
    </message>
    <message>
        <source>&amp;Property</source>
        <translation>&amp;Имот</translation>
    </message>
    <message>
        <source>Yearly &amp;estimate</source>
        <translation>&amp;Годишна прогноза</translation>
    </message>
    <message>
        <source>Installment</source>
        <translation>Месечна вноска</translation>
    </message>
    <message>
        <source>Months</source>
        <translation>Месеци</translation>
    </message>
    <message>
        <source>&amp;Save and print (Ctrl+S)</source>
        <translation>&amp;Запис и печат (Ctrl+S)</translation>
    </message>
    <message>
        <source>Equal installments for the plan year {year}</source>
        <translation>Равни вноски за годината {year}</translation>
    </message>
    <message>
        <source>In good standing: nothing overdue.</source>
        <translation>Редовен платец: няма просрочени задължения.</translation>
    </message>
    <message>
        <source>New client: installment {n} can be paid at {rate}% off.</source>
        <translation>Нов клиент: вноска {n} може да се плати с {rate}% отстъпка.</translation>
    </message>
    <message>
        <source>Existing client: installment {n} can be paid at {rate}% off when installments 1–{last} are each paid in full by their deadlines.</source>
        <translation>Съществуващ клиент: вноска {n} може да се плати с {rate}% отстъпка, ако вноски 1–{last} са платени изцяло, всяка до своя срок.</translation>
    </message>
</context>
<context>
    <name>ProblemPage</name>
    <message>
        <source>Try again</source>
        <translation>Опитай отново</translation>
    </message>
</context>
<context>
    <name>ProblemsModel</name>
    <message>
        <source>When</source>
        <translation>Кога</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Какво</translation>
    </message>
    <message>
        <source>Payer code</source>
        <translation>Код на платец</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Име</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>Имейл</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>Карта</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Причина</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>Отказан</translation>
    </message>
    <message>
        <source>Bounced</source>
        <translation>Върнат</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Неуспешен</translation>
    </message>
</context>
<context>
    <name>ReceiptPreview</name>
    <message>
        <source>Shift report (Z) {number}</source>
        <translation>Отчет за смяна (Z) {number}</translation>
    </message>
    <message>
        <source>Interim shift report (X) {number}</source>
        <translation>Междинен отчет (X) {number}</translation>
    </message>
    <message>
        <source>Receipt {number}</source>
        <translation>Квитанция {number}</translation>
    </message>
    <message>
        <source>Print (Enter)</source>
        <translation>Печат (Enter)</translation>
    </message>
    <message>
        <source>Close (Esc)</source>
        <translation>Затваряне (Esc)</translation>
    </message>
</context>
<context>
    <name>Receipts</name>
    <message>
        <source>Printing receipt {name}…</source>
        <translation>Печат на квитанция {name}…</translation>
    </message>
    <message>
        <source>Receipt {name} could not be printed or saved: {error}</source>
        <translation>Квитанция {name} не можа да се отпечата или запише: {error}</translation>
    </message>
    <message>
        <source>Receipt {name} printed on {printer}.</source>
        <translation>Квитанция {name} е отпечатана на {printer}.</translation>
    </message>
    <message>
        <source>No printer: receipt {name} saved to {path}.</source>
        <translation>Няма принтер: квитанция {name} е записана в {path}.</translation>
    </message>
    <message>
        <source>Printing shift report {name}…</source>
        <translation>Печат на отчет за смяна {name}…</translation>
    </message>
    <message>
        <source>Shift report {name} could not be printed or saved: {error}</source>
        <translation>Отчетът за смяна {name} не можа да се отпечата или запише: {error}</translation>
    </message>
    <message>
        <source>Shift report {name} printed on {printer}.</source>
        <translation>Отчетът за смяна {name} е отпечатан на {printer}.</translation>
    </message>
    <message>
        <source>No printer: shift report {name} saved to {path}.</source>
        <translation>Няма принтер: отчетът за смяна {name} е записан в {path}.</translation>
    </message>
</context>
<context>
    <name>RoleDialog</name>
    <message>
        <source>Change role</source>
        <translation>Смяна на роля</translation>
    </message>
    <message>
        <source>Role of {name} ({user})</source>
        <translation>Роля на {name} ({user})</translation>
    </message>
    <message>
        <source>&amp;Role</source>
        <translation>&amp;Роля</translation>
    </message>
    <message>
        <source>Save (Enter)</source>
        <translation>Запиши (Enter)</translation>
    </message>
    <message>
        <source>Cancel (Esc)</source>
        <translation>Отказ (Esc)</translation>
    </message>
</context>
<context>
    <name>ScheduleModel</name>
    <message>
        <source>Installment</source>
        <translation>Вноска</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Платима до</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Сума</translation>
    </message>
    <message>
        <source>down payment</source>
        <translation>първоначална</translation>
    </message>
</context>
<context>
    <name>SearchPanel</name>
    <message>
        <source>Searching…</source>
        <translation>Търсене…</translation>
    </message>
    <message>
        <source>Nothing found</source>
        <translation>Няма намерени</translation>
    </message>
    <message>
        <source>The first {count} found: type more words to narrow it</source>
        <translation>Първите {count} намерени: добавете още думи, за да стесните търсенето</translation>
    </message>
    <message>
        <source>Found: {count}</source>
        <translation>Намерени: {count}</translation>
    </message>
    <message>
        <source>F2 &amp;Search</source>
        <translation>F2 &amp;Търсене</translation>
    </message>
    <message>
        <source>Subscriber no., payer code, invoice no., barcode, or name and address</source>
        <translation>Абонатен №, код на платец, № на фактура, баркод или име и адрес</translation>
    </message>
</context>
<context>
    <name>SecondCardConfirm</name>
    <message>
        <source>A survey card is already out</source>
        <translation>Анкетна карта вече е раздадена</translation>
    </message>
    <message>
        <source>{name} (payer code {code}) already has survey card {card} out, printed on {date} and not returned. Print a second card for this payer?</source>
        <translation>{name} (код на платец {code}) вече има анкетна карта {card}, отпечатана на {date} и още невърната. Да се отпечата ли втора карта за този платец?</translation>
    </message>
    <message>
        <source>&amp;Print a second card</source>
        <translation>&amp;Печат на втора карта</translation>
    </message>
    <message>
        <source>Back (Esc)</source>
        <translation>Назад (Esc)</translation>
    </message>
</context>
<context>
    <name>ShiftDifference</name>
    <message>
        <source>Shortage: {amount}</source>
        <translation>Липса: {amount}</translation>
    </message>
    <message>
        <source>Surplus: {amount}</source>
        <translation>Излишък: {amount}</translation>
    </message>
    <message>
        <source>No difference</source>
        <translation>Няма разлика</translation>
    </message>
    <message>
        <source>shortage</source>
        <translation>липса</translation>
    </message>
    <message>
        <source>surplus</source>
        <translation>излишък</translation>
    </message>
</context>
<context>
    <name>ShiftOutcome</name>
    <message>
        <source>Expected</source>
        <translation>Очаквано</translation>
    </message>
    <message>
        <source>Counted</source>
        <translation>Преброено</translation>
    </message>
    <message>
        <source>Variance</source>
        <translation>Разлика</translation>
    </message>
</context>
<context>
    <name>ShiftsModel</name>
    <message>
        <source>Desk</source>
        <translation>Каса</translation>
    </message>
    <message>
        <source>Cashier</source>
        <translation>Касиер</translation>
    </message>
    <message>
        <source>Opened</source>
        <translation>Открита</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Закрита</translation>
    </message>
    <message>
        <source>Opening float</source>
        <translation>Начална наличност</translation>
    </message>
    <message>
        <source>Expected</source>
        <translation>Очаквана</translation>
    </message>
    <message>
        <source>Counted</source>
        <translation>Преброена</translation>
    </message>
    <message>
        <source>Variance</source>
        <translation>Разлика</translation>
    </message>
    <message>
        <source>{amount} shortage</source>
        <translation>{amount} липса</translation>
    </message>
    <message>
        <source>+{amount} surplus</source>
        <translation>+{amount} излишък</translation>
    </message>
    <message>
        <source>open</source>
        <translation>безсрочно</translation>
    </message>
</context>
<context>
    <name>ShiftsPage</name>
    <message>
        <source>Shifts and voids</source>
        <translation>Смени и сторно</translation>
    </message>
    <message>
        <source>Shifts ({count})</source>
        <translation>Смени ({count})</translation>
    </message>
    <message>
        <source>Voids ({count})</source>
        <translation>Сторно ({count})</translation>
    </message>
    <message>
        <source>&amp;Date</source>
        <translation>&amp;Дата</translation>
    </message>
    <message>
        <source>Refresh (F5)</source>
        <translation>Опресни (F5)</translation>
    </message>
</context>
<context>
    <name>Statement</name>
    <message>
        <source>Statement {code}</source>
        <translation>Справка {code}</translation>
    </message>
</context>
<context>
    <name>SyncStatus</name>
    <message>
        <source>&amp;Sync now</source>
        <translation>&amp;Синхронизирай</translation>
    </message>
    <message>
        <source>Sync with the central database now ({key})</source>
        <translation>Синхронизиране с централната база сега ({key})</translation>
    </message>
    <message>
        <source>Central database…</source>
        <translation>Централна база…</translation>
    </message>
    <message>
        <source>Local only</source>
        <translation>Само локално</translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>Синхронизиране…</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>Онлайн</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Офлайн</translation>
    </message>
    <message>
        <source>Sync failed</source>
        <translation>Неуспешна синхронизация</translation>
    </message>
    <message>
        <source>Queued: {count}</source>
        <translation>Чакат изпращане: {count}</translation>
    </message>
    <message>
        <source>Last sync: {time}</source>
        <translation>Последна синхронизация: {time}</translation>
    </message>
    <message>
        <source>Not synced yet</source>
        <translation>Още не е синхронизирана</translation>
    </message>
    <message>
        <source>This desk works on its own: it is not connected to a central database (desk join connects it).</source>
        <translation>Касата работи самостоятелно: не е свързана с централна база (свързва се с desk join).</translation>
    </message>
    <message>
        <source>No connection to the central database. The desk works on; it sends what is queued by itself when the connection returns.</source>
        <translation>Няма връзка с централната база. Касата работи нормално; чакащото се изпраща само, щом връзката се върне.</translation>
    </message>
    <message>
        <source>The sync did not go through. Call the administrator.</source>
        <translation>Синхронизацията не успя. Обадете се на администратора.</translation>
    </message>
</context>
<context>
    <name>TenderDialog</name>
    <message>
        <source>Type amounts like 100 or 93,46.</source>
        <translation>Въведете суми като 100 или 93,46.</translation>
    </message>
    <message>
        <source>Still due: {amount}</source>
        <translation>Още дължими: {amount}</translation>
    </message>
    <message>
        <source>Change: none, kept as credit</source>
        <translation>Ресто: няма, остава като аванс</translation>
    </message>
    <message>
        <source>Change: {amount}</source>
        <translation>Ресто: {amount}</translation>
    </message>
    <message>
        <source>Keep the change of {amount} as credit</source>
        <translation>Рестото от {amount} остава като аванс</translation>
    </message>
    <message>
        <source>Payment</source>
        <translation>Плащане</translation>
    </message>
    <message>
        <source>To pay</source>
        <translation>За плащане</translation>
    </message>
    <message>
        <source>Use the credit balance first ({amount})</source>
        <translation>Първо от аванса ({amount})</translation>
    </message>
    <message>
        <source>&amp;Cash handed over</source>
        <translation>&amp;В брой, подадени</translation>
    </message>
    <message>
        <source>C&amp;ard</source>
        <translation>С &amp;карта</translation>
    </message>
    <message>
        <source>All by card (F3)</source>
        <translation>Всичко с карта (F3)</translation>
    </message>
    <message>
        <source>Take payment (Enter)</source>
        <translation>Приемане (Enter)</translation>
    </message>
    <message>
        <source>Cancel (Esc)</source>
        <translation>Отказ (Esc)</translation>
    </message>
</context>
<context>
    <name>TenurePage</name>
    <message>
        <source>From {start} property {subscriber} is held by {name}, payer code {code}.</source>
        <translation>От {start} имот {subscriber} се държи от {name}, код на платец {code}.</translation>
    </message>
    <message>
        <source>A new payer was registered.</source>
        <translation>Регистриран е нов платец.</translation>
    </message>
    <message>
        <source>Bills moved to the new payer: {numbers}.</source>
        <translation>Прехвърлени към новия платец фактури: {numbers}.</translation>
    </message>
    <message>
        <source>EI&amp;K</source>
        <translation>ЕИК/&amp;БУЛСТАТ</translation>
    </message>
    <message>
        <source>E&amp;GN</source>
        <translation>Е&amp;ГН</translation>
    </message>
    <message>
        <source>Owner or tenant</source>
        <translation>Собственик или наемател</translation>
    </message>
    <message>
        <source>Properties held, the latest first</source>
        <translation>Имоти на платеца, последните първи</translation>
    </message>
    <message>
        <source>Change of owner or tenant</source>
        <translation>Смяна на собственик или наемател</translation>
    </message>
    <message>
        <source>P&amp;roperty</source>
        <translation>&amp;Имот</translation>
    </message>
    <message>
        <source>New holder &amp;from</source>
        <translation>Нов титуляр &amp;от</translation>
    </message>
    <message>
        <source>Hol&amp;ds as</source>
        <translation>&amp;Качество</translation>
    </message>
    <message>
        <source>D&amp;ocument</source>
        <translation>&amp;Документ</translation>
    </message>
    <message>
        <source>Payer &amp;code</source>
        <translation>Код на плат&amp;ец</translation>
    </message>
    <message>
        <source>Payer &amp;type</source>
        <translation>&amp;Вид платец</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>И&amp;ме</translation>
    </message>
    <message>
        <source>E&amp;xisting payer</source>
        <translation>&amp;Съществуващ платец</translation>
    </message>
    <message>
        <source>Ne&amp;w payer</source>
        <translation>&amp;Нов платец</translation>
    </message>
    <message>
        <source>person</source>
        <translation>физическо лице</translation>
    </message>
    <message>
        <source>company</source>
        <translation>юридическо лице</translation>
    </message>
    <message>
        <source>e.g. notarial deed No 12/2026</source>
        <translation>напр. нот. акт № 12/2026</translation>
    </message>
    <message>
        <source>10 digits</source>
        <translation>10 цифри</translation>
    </message>
    <message>
        <source>Register the change (Ctrl+S)</source>
        <translation>Запиши промяната (Ctrl+S)</translation>
    </message>
</context>
<context>
    <name>TenuresModel</name>
    <message>
        <source>Subscriber no.</source>
        <translation>Абонатен №</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Адрес</translation>
    </message>
    <message>
        <source>Holds as</source>
        <translation>Качество</translation>
    </message>
    <message>
        <source>From</source>
        <translation>От</translation>
    </message>
    <message>
        <source>Until</source>
        <translation>До</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>Документ</translation>
    </message>
    <message>
        <source>open</source>
        <translation>безсрочно</translation>
    </message>
</context>
<context>
    <name>UnreturnedModel</name>
    <message>
        <source>Card number</source>
        <translation>Номер на карта</translation>
    </message>
    <message>
        <source>Payer code</source>
        <translation>Код на платец</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Име</translation>
    </message>
    <message>
        <source>Printed</source>
        <translation>Отпечатана</translation>
    </message>
    <message>
        <source>Desk</source>
        <translation>Каса</translation>
    </message>
    <message>
        <source>blank card</source>
        <translation>празна карта</translation>
    </message>
</context>
<context>
    <name>UsersModel</name>
    <message>
        <source>User name</source>
        <translation>Потребителско име</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Име</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Роля</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Състояние</translation>
    </message>
    <message>
        <source>Locked until</source>
        <translation>Заключен до</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Парола</translation>
    </message>
    <message>
        <source>active</source>
        <translation>активен</translation>
    </message>
    <message>
        <source>deactivated</source>
        <translation>деактивиран</translation>
    </message>
    <message>
        <source>temporary</source>
        <translation>временна</translation>
    </message>
</context>
<context>
    <name>UsersPage</name>
    <message>
        <source>Your own account: your role is changed by another supervisor or an admin.</source>
        <translation>Вашият профил: ролята ви се променя от друг ръководител или от администратор.</translation>
    </message>
    <message>
        <source>You cannot deactivate yourself.</source>
        <translation>Не можете да деактивирате себе си.</translation>
    </message>
    <message>
        <source>Only an admin changes a supervisor&apos;s or an admin&apos;s account.</source>
        <translation>Само администратор променя профил на ръководител или администратор.</translation>
    </message>
    <message>
        <source>User {user} created.</source>
        <translation>Потребителят {user} е създаден.</translation>
    </message>
    <message>
        <source>{user} is now: {role}.</source>
        <translation>{user} вече е: {role}.</translation>
    </message>
    <message>
        <source>Reset password</source>
        <translation>Нова парола</translation>
    </message>
    <message>
        <source>Give {name} ({user}) a new temporary password? The old one stops working now.</source>
        <translation>Нова временна парола за {name} ({user})? Старата престава да важи веднага.</translation>
    </message>
    <message>
        <source>Reset (Enter)</source>
        <translation>Смени паролата (Enter)</translation>
    </message>
    <message>
        <source>Password of {user} reset.</source>
        <translation>Паролата на {user} е сменена с временна.</translation>
    </message>
    <message>
        <source>{user} may log in again.</source>
        <translation>{user} може отново да влиза.</translation>
    </message>
    <message>
        <source>Reactivate</source>
        <translation>Активиране</translation>
    </message>
    <message>
        <source>Let {name} ({user}) log in again?</source>
        <translation>Да може ли {name} ({user}) отново да влиза?</translation>
    </message>
    <message>
        <source>Reactivate (Enter)</source>
        <translation>Активирай (Enter)</translation>
    </message>
    <message>
        <source>Deactivate</source>
        <translation>Деактивиране</translation>
    </message>
    <message>
        <source>Stop {name} ({user}) from logging in? The user stays on file with their payments.</source>
        <translation>Да не може ли {name} ({user}) да влиза повече? Потребителят остава в базата заедно с плащанията си.</translation>
    </message>
    <message>
        <source>Deactivate (Enter)</source>
        <translation>Деактивирай (Enter)</translation>
    </message>
    <message>
        <source>{user} is deactivated.</source>
        <translation>{user} е деактивиран.</translation>
    </message>
    <message>
        <source>Reactivate (Del)</source>
        <translation>Активирай (Del)</translation>
    </message>
    <message>
        <source>Deactivate (Del)</source>
        <translation>Деактивирай (Del)</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>Потребители</translation>
    </message>
    <message>
        <source>New user (Ins)</source>
        <translation>Нов потребител (Ins)</translation>
    </message>
    <message>
        <source>Change role (Ctrl+E)</source>
        <translation>Смяна на роля (Ctrl+E)</translation>
    </message>
    <message>
        <source>Reset password (Ctrl+P)</source>
        <translation>Нова парола (Ctrl+P)</translation>
    </message>
    <message>
        <source>Unlock (Ctrl+U)</source>
        <translation>Отключи (Ctrl+U)</translation>
    </message>
</context>
<context>
    <name>VoidDialog</name>
    <message>
        <source>Void payment</source>
        <translation>Сторно на плащане</translation>
    </message>
    <message>
        <source>Void receipt {receipt}</source>
        <translation>Сторно на квитанция {receipt}</translation>
    </message>
    <message>
        <source>{amount} paid on {when}. A void is a new document; the original stays. A supervisor approves it here with their name and password.</source>
        <translation>{amount}, платени на {when}. Сторното е нов документ; оригиналът остава. Ръководител го одобрява тук с името и паролата си.</translation>
    </message>
    <message>
        <source>&amp;Reason</source>
        <translation>&amp;Причина</translation>
    </message>
    <message>
        <source>&amp;Supervisor</source>
        <translation>&amp;Ръководител</translation>
    </message>
    <message>
        <source>Supervisor&apos;s &amp;password</source>
        <translation>П&amp;арола на ръководителя</translation>
    </message>
    <message>
        <source>Void (Enter)</source>
        <translation>Сторно (Enter)</translation>
    </message>
    <message>
        <source>Cancel (Esc)</source>
        <translation>Отказ (Esc)</translation>
    </message>
</context>
<context>
    <name>VoidsModel</name>
    <message>
        <source>Time</source>
        <translation>Време</translation>
    </message>
    <message>
        <source>Desk</source>
        <translation>Каса</translation>
    </message>
    <message>
        <source>Void receipt</source>
        <translation>Квитанция сторно</translation>
    </message>
    <message>
        <source>Original receipt</source>
        <translation>Сторнирана квитанция</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Сума</translation>
    </message>
    <message>
        <source>Payer code</source>
        <translation>Код на платец</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Причина</translation>
    </message>
    <message>
        <source>Cashier</source>
        <translation>Касиер</translation>
    </message>
    <message>
        <source>Approved by</source>
        <translation>Одобрил</translation>
    </message>
    <message>
        <source>{desk}, voided at {voiding}</source>
        <translation>{desk}, сторно на каса {voiding}</translation>
    </message>
</context>
<context>
    <name>Words</name>
    <message>
        <source>Monthly bill</source>
        <translation>Фактура</translation>
    </message>
    <message>
        <source>Plan installment</source>
        <translation>Вноска по план</translation>
    </message>
    <message>
        <source>Settlement</source>
        <translation>Изравнителна</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Друго</translation>
    </message>
    <message>
        <source>Agreement installment</source>
        <translation>Вноска по споразумение</translation>
    </message>
    <message>
        <source>Court award</source>
        <translation>Съдебно вземане</translation>
    </message>
    <message>
        <source>final warning</source>
        <translation>последно предупреждение</translation>
    </message>
    <message>
        <source>application filed</source>
        <translation>подадено заявление</translation>
    </message>
    <message>
        <source>enforcement order</source>
        <translation>заповед за изпълнение</translation>
    </message>
    <message>
        <source>writ of execution</source>
        <translation>изпълнителен лист</translation>
    </message>
    <message>
        <source>at a bailiff</source>
        <translation>при съдебен изпълнител</translation>
    </message>
    <message>
        <source>owner</source>
        <translation>собственик</translation>
    </message>
    <message>
        <source>right of use</source>
        <translation>вещно право на ползване</translation>
    </message>
    <message>
        <source>tenant</source>
        <translation>наемател</translation>
    </message>
    <message>
        <source>cash</source>
        <translation>в брой</translation>
    </message>
    <message>
        <source>card</source>
        <translation>с карта</translation>
    </message>
    <message>
        <source>cash and card</source>
        <translation>в брой и с карта</translation>
    </message>
    <message>
        <source>credit</source>
        <translation>от аванс</translation>
    </message>
    <message>
        <source>cashier</source>
        <translation>касиер</translation>
    </message>
    <message>
        <source>clerk</source>
        <translation>служител</translation>
    </message>
    <message>
        <source>supervisor</source>
        <translation>ръководител</translation>
    </message>
    <message>
        <source>admin</source>
        <translation>администратор</translation>
    </message>
    <message>
        <source>log in</source>
        <translation>вход</translation>
    </message>
    <message>
        <source>wrong password</source>
        <translation>грешна парола</translation>
    </message>
    <message>
        <source>own password changed</source>
        <translation>смяна на собствена парола</translation>
    </message>
    <message>
        <source>user created</source>
        <translation>нов потребител</translation>
    </message>
    <message>
        <source>role changed</source>
        <translation>смяна на роля</translation>
    </message>
    <message>
        <source>password reset</source>
        <translation>нова временна парола</translation>
    </message>
    <message>
        <source>user unlocked</source>
        <translation>отключен потребител</translation>
    </message>
    <message>
        <source>user deactivated</source>
        <translation>деактивиран потребител</translation>
    </message>
    <message>
        <source>user reactivated</source>
        <translation>активиран потребител</translation>
    </message>
    <message>
        <source>shift opened</source>
        <translation>открита смяна</translation>
    </message>
    <message>
        <source>shift closed</source>
        <translation>закрита смяна</translation>
    </message>
    <message>
        <source>shift taken over</source>
        <translation>смяната е поета</translation>
    </message>
    <message>
        <source>payment</source>
        <translation>плащане</translation>
    </message>
    <message>
        <source>void</source>
        <translation>сторно</translation>
    </message>
    <message>
        <source>contact details changed</source>
        <translation>промяна на данни за контакт</translation>
    </message>
    <message>
        <source>payer registered</source>
        <translation>нов платец</translation>
    </message>
    <message>
        <source>change of holder</source>
        <translation>смяна на собственик или наемател</translation>
    </message>
    <message>
        <source>agreement made</source>
        <translation>споразумение</translation>
    </message>
    <message>
        <source>equal-installment plan</source>
        <translation>разсрочена лоялност</translation>
    </message>
    <message>
        <source>survey cards printed</source>
        <translation>отпечатани анкетни карти</translation>
    </message>
    <message>
        <source>survey cards e-mailed</source>
        <translation>анкетни карти, изпратени по имейл</translation>
    </message>
    <message>
        <source>uncertain survey cards queued again</source>
        <translation>несигурни анкетни карти – отново в опашката</translation>
    </message>
    <message>
        <source>returned e-mails read</source>
        <translation>прочетени върнати писма</translation>
    </message>
    <message>
        <source>mail server settings saved</source>
        <translation>запазени настройки на пощенския сървър</translation>
    </message>
    <message>
        <source>restored or copied file found at sync</source>
        <translation>възстановен или копиран файл, открит при синхронизация</translation>
    </message>
    <message>
        <source>receipt number given twice, renumbered</source>
        <translation>номер на бележка, издаден два пъти, преномериран</translation>
    </message>
    <message>
        <source>receipt series moved on</source>
        <translation>поредицата на бележките продължава по-напред</translation>
    </message>
    <message>
        <source>users changed by sync</source>
        <translation>потребители, променени при синхронизация</translation>
    </message>
    <message>
        <source>history older than the window removed</source>
        <translation>премахната история отпреди пазения период</translation>
    </message>
</context>
</TS>
