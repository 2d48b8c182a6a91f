<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="bg_BG">
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
    <name>DatabaseHeader</name>
    <message>
        <source>Toplofikatsia Sofia — pay desk</source>
        <translation>Топлофикация София — каса</translation>
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
        <source>&lt;p&gt;&lt;b&gt;F1&lt;/b&gt; — this help&lt;br&gt;&lt;b&gt;F5&lt;/b&gt; — read the database again&lt;br&gt;&lt;b&gt;Ctrl+Q&lt;/b&gt; — quit&lt;/p&gt;&lt;p&gt;The language is chosen in the Language menu.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;F1&lt;/b&gt; — тази помощ&lt;br&gt;&lt;b&gt;F5&lt;/b&gt; — прочитане на базата отново&lt;br&gt;&lt;b&gt;Ctrl+Q&lt;/b&gt; — изход&lt;/p&gt;&lt;p&gt;Езикът се избира от меню „Език“.&lt;/p&gt;</translation>
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
        <source>Desk — Toplofikatsia Sofia</source>
        <translation>Desk — Топлофикация София</translation>
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
    <name>ProblemPage</name>
    <message>
        <source>Try again</source>
        <translation>Опитай отново</translation>
    </message>
</context>
</TS>
