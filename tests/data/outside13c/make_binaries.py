"""Builds the .docx and .pdf test documents in this folder.

Run with: /work/main/.venv/bin/python make_binaries.py
All names, bodies, people, numbers and texts are invented.
"""
import os

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, Cm
from fpdf import FPDF

HERE = os.path.dirname(os.path.abspath(__file__))
FONT_DIR = "/usr/share/fonts/truetype/dejavu"


# ---------------------------------------------------------------- docx helpers

def add_field(paragraph, instr):
    """Insert a Word field (PAGE, NUMPAGES) into a paragraph."""
    run = paragraph.add_run()
    b = OxmlElement("w:fldChar")
    b.set(qn("w:fldCharType"), "begin")
    t = OxmlElement("w:instrText")
    t.set(qn("xml:space"), "preserve")
    t.text = instr
    s = OxmlElement("w:fldChar")
    s.set(qn("w:fldCharType"), "separate")
    r2 = OxmlElement("w:t")
    r2.text = "1"
    e = OxmlElement("w:fldChar")
    e.set(qn("w:fldCharType"), "end")
    run._r.append(b)
    run._r.append(t)
    run._r.append(s)
    run._r.append(r2)
    run._r.append(e)


def base_doc():
    doc = Document()
    st = doc.styles["Normal"]
    st.font.name = "Arial"
    st.font.size = Pt(10.5)
    for s in doc.sections:
        s.left_margin = Cm(2.2)
        s.right_margin = Cm(2.0)
    return doc


def page_break(doc):
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def para(doc, text, bold=False, style=None):
    p = doc.add_paragraph(style=style)
    r = p.add_run(text)
    r.bold = bold
    return p


# ---------------------------------------------------------------- d01

def make_d01():
    doc = base_doc()
    sec = doc.sections[0]
    hp = sec.header.paragraphs[0]
    hp.text = "NORRFORS KOMMUN\tPROTOKOLL\t"
    add_field(hp, "PAGE")
    hp.add_run(" (")
    add_field(hp, "NUMPAGES")
    hp.add_run(")")
    h2 = sec.header.add_paragraph("Omsorgsnämnden\tSammanträdesdatum 2025-09-16")
    fp = sec.footer.paragraphs[0]
    fp.text = "Justerandes sign\t\tUtdragsbestyrkande"

    t = doc.add_table(rows=1, cols=2)
    t.style = "Table Grid"
    t.cell(0, 0).text = "NORRFORS KOMMUN\nOmsorgsnämnden"
    t.cell(0, 1).text = "SAMMANTRÄDESPROTOKOLL\nSammanträdesdatum\n2025-09-16"
    doc.add_paragraph()

    rows = [
        ("Plats och tid", "Kommunhuset, sammanträdesrum Forsen, kl. 13.00–16.10"),
        ("Beslutande", "Mona Hellgren (S), ordförande\nJakob Ström (M), vice ordförande\n"
                       "Leila Amini (S)\nSven-Åke Nord (C)\nTuula Koskinen (SD)\n"
                       "Bengt Frid (KD)\nJosefin Alm (S), tjänstgörande ersättare för Arne Lid (S)"),
        ("Övriga deltagare", "Carina Holmberg, förvaltningschef\nNiklas Eng, ekonom, § 114\n"
                             "Ida Sandell, nämndsekreterare"),
        ("Utses att justera", "Jakob Ström"),
        ("Justeringens plats och tid", "Kommunhuset, måndagen den 22 september 2025"),
        ("Paragrafer", "112–118"),
    ]
    t2 = doc.add_table(rows=len(rows), cols=2)
    for i, (a, b) in enumerate(rows):
        t2.cell(i, 0).text = a
        t2.cell(i, 1).text = b
    doc.add_paragraph()
    para(doc, "Underskrifter", bold=True)
    para(doc, "Sekreterare\t.......................................\tIda Sandell")
    para(doc, "Ordförande\t.......................................\tMona Hellgren")
    para(doc, "Justerande\t.......................................\tJakob Ström")
    doc.add_paragraph()
    para(doc, "ANSLAG/BEVIS", bold=True)
    para(doc, "Protokollet är justerat. Justeringen har tillkännagivits genom anslag.")
    t3 = doc.add_table(rows=5, cols=2)
    for i, (a, b) in enumerate([
        ("Organ", "Omsorgsnämnden"),
        ("Sammanträdesdatum", "2025-09-16"),
        ("Datum då anslaget sätts upp", "2025-09-23"),
        ("Datum då anslaget tas ned", "2025-10-15"),
        ("Förvaringsplats för protokollet", "Omsorgsförvaltningen, kommunhuset"),
    ]):
        t3.cell(i, 0).text = a
        t3.cell(i, 1).text = b
    page_break(doc)

    def item(num, title, dnr=None):
        doc.add_heading(f"§ {num} {title}", level=2)
        if dnr:
            para(doc, f"Dnr {dnr}")

    item(112, "Val av justerare")
    para(doc, "Omsorgsnämnden beslutar")
    para(doc, "a t t utse Jakob Ström (M) att jämte ordföranden justera protokollet.")

    item(113, "Godkännande av dagordning")
    para(doc, "Omsorgsnämnden beslutar")
    para(doc, "a t t godkänna dagordningen.")

    item(114, "Månadsuppföljning augusti 2025", "ON 2025/19")
    para(doc, "Sammanfattning", bold=True)
    para(doc, "Omsorgsnämnden prognostiserar ett underskott om 5,3 mnkr för 2025. Underskottet "
              "avser främst hemtjänsten, där antalet utförda timmar har ökat med 9 procent, samt "
              "kostnader för bemanningssjuksköterskor. Niklas Eng redogör för prognosen.")
    para(doc, "Omsorgsnämnden beslutar")
    para(doc, "a t t godkänna månadsuppföljningen,")
    para(doc, "a t t uppdra åt förvaltningschefen att redovisa ytterligare åtgärder vid nämndens "
              "sammanträde i oktober.")

    item(115, "Riktlinje för trygghetsskapande teknik i ordinärt boende", "ON 2025/211")
    para(doc, "Sammanfattning", bold=True)
    para(doc, "Förvaltningen har tagit fram en riktlinje för trygghetsskapande teknik, bland annat "
              "digital tillsyn nattetid, GPS-larm och läkemedelsautomater. Insatserna beviljas som "
              "bistånd enligt 4 kap. 1 § SoL. Riktlinjen ersätter nämndens riktlinje för digital "
              "tillsyn som antogs 2020-05-12, § 48.")
    page_break(doc)
    para(doc, "Forts. § 115", bold=True)
    para(doc, "Yrkanden", bold=True)
    para(doc, "Tuula Koskinen (SD) yrkar att riktlinjen kompletteras med ett krav på samtycke "
              "från närstående vid GPS-larm.")
    para(doc, "Beslutsgång", bold=True)
    para(doc, "Ordföranden ställer proposition på förvaltningens förslag mot Tuula Koskinens "
              "yrkande och finner att nämnden beslutar enligt förvaltningens förslag.")
    para(doc, "Omsorgsnämnden beslutar")
    para(doc, "1. a t t anta riktlinje för trygghetsskapande teknik i ordinärt boende,")
    para(doc, "2. a t t riktlinjen gäller från och med 2025-11-01,")
    para(doc, "3. a t t upphäva riktlinjen för digital tillsyn, § 48/2020.")
    para(doc, "Reservation", bold=True)
    para(doc, "Tuula Koskinen (SD) reserverar sig mot beslutet.")

    item(116, "Ansökan om statsbidrag för ökad bemanning inom äldreomsorgen", "ON 2025/230")
    para(doc, "Sammanfattning", bold=True)
    para(doc, "Kommunen kan rekvirera 4,1 mnkr i statsbidrag för 2025. Bidraget föreslås användas "
              "till att utöka grundbemanningen på kommunens tre vård- och omsorgsboenden.")
    para(doc, "Omsorgsnämnden beslutar")
    para(doc, "a t t rekvirera statsbidraget i enlighet med förvaltningens förslag.")

    item(117, "Medborgarförslag om utegym vid Solängens vård- och omsorgsboende", "ON 2025/144")
    para(doc, "Sammanfattning", bold=True)
    para(doc, "Ett medborgarförslag har kommit in om att anlägga ett utegym för äldre vid "
              "Solängen. Kommunfullmäktige har 2025-05-26, KF § 63, överlämnat förslaget till "
              "nämnden för beslut.")
    para(doc, "Omsorgsnämnden beslutar")
    para(doc, "a t t bifalla medborgarförslaget inom ramen för 2026 års investeringsbudget.")
    page_break(doc)

    item(118, "Information från förvaltningschefen")
    para(doc, "Carina Holmberg informerar om:")
    para(doc, "1. Arbetet med heltid som norm.")
    para(doc, "2. Resultatet av Socialstyrelsens brukarundersökning 2025.")
    para(doc, "3. Förberedelserna inför införandet av ny socialtjänstlag.")
    para(doc, "Omsorgsnämnden beslutar")
    para(doc, "a t t lägga informationen till handlingarna.")

    doc.save(os.path.join(HERE, "d01_omsorgsnamnden_norrfors_2025-09-16.docx"))


# ---------------------------------------------------------------- d02

def make_d02():
    doc = base_doc()
    sec = doc.sections[0]
    sec.footer.paragraphs[0].text = "Vrenstads kommun · Policy för anhörigstöd · Sida "
    add_field(sec.footer.paragraphs[0], "PAGE")

    para(doc, "VRENSTADS KOMMUN", bold=True)
    doc.add_paragraph()
    doc.add_paragraph("Policy för anhörigstöd", style="Title")
    para(doc, "Ett gemensamt förhållningssätt till anhöriga i Vrenstads kommun")
    doc.add_paragraph()
    t = doc.add_table(rows=7, cols=2)
    t.style = "Table Grid"
    for i, (a, b) in enumerate([
        ("Dokumenttyp", "Policy"),
        ("Beslutad av", "Kommunfullmäktige"),
        ("Beslutsdatum", "2021-04-26, § 55"),
        ("Diarienummer", "KS 2020/377"),
        ("Senast reviderad", "2023-10-23, KF § 121"),
        ("Dokumentansvarig", "Socialchef"),
        ("Giltighetstid", "Tills vidare, dock längst till 2027-12-31"),
    ]):
        t.cell(i, 0).text = a
        t.cell(i, 1).text = b
    page_break(doc)

    para(doc, "Innehåll", bold=True)
    toc = [
        ("1 Inledning", 3), ("2 Syfte", 3), ("3 Definitioner", 3), ("4 Utgångspunkter", 4),
        ("4.1 Ett anhörigperspektiv i alla verksamheter", 4), ("4.2 Tidig identifiering", 4),
        ("4.3 Individuellt anpassat stöd", 4), ("4.4 Barn som anhöriga", 5), ("5 Ansvar", 5),
        ("5.1 Nämnderna", 5), ("5.2 Förvaltningarna", 5), ("6 Uppföljning", 5),
    ]
    for txt, pg in toc:
        para(doc, f"{txt}\t{pg}")
    page_break(doc)

    def h(text, level=1):
        doc.add_heading(text, level=level)

    h("1 Inledning")
    para(doc, "Många invånare i Vrenstads kommun vårdar, stödjer eller hjälper en närstående som är "
              "långvarigt sjuk, äldre eller som har en funktionsnedsättning. Anhöriga gör en "
              "ovärderlig insats och kommunen har enligt 5 kap. 10 § socialtjänstlagen (2001:453) "
              "en skyldighet att erbjuda stöd för att underlätta för dem.")
    h("2 Syfte")
    para(doc, "Policyn ska ge kommunens verksamheter en gemensam grund för hur anhöriga bemöts "
              "och stöds, oavsett vilken verksamhet den närstående har kontakt med.")
    h("3 Definitioner")
    para(doc, "Med anhörig avses i denna policy en person som vårdar eller stödjer en närstående. "
              "Med närstående avses den person som får vård eller stöd. Definitionerna följer "
              "Socialstyrelsens termbank.")
    h("4 Utgångspunkter")
    para(doc, "Kommunens arbete med anhörigstöd utgår från följande principer.")
    h("4.1 Ett anhörigperspektiv i alla verksamheter", 2)
    para(doc, "Alla verksamheter som möter anhöriga ska ha kunskap om anhörigas situation och "
              "om vilket stöd som finns att få.")
    h("4.2 Tidig identifiering", 2)
    para(doc, "Anhöriga ska uppmärksammas tidigt, innan situationen blivit ohållbar. Frågan om "
              "anhörigas behov ska ställas vid varje biståndsutredning.")
    h("4.3 Individuellt anpassat stöd", 2)
    para(doc, "Stödet ska utformas utifrån den anhöriges egna behov och önskemål och kan bestå "
              "av till exempel samtalsstöd, avlösning, utbildning och anhöriggrupper.")
    h("4.4 Barn som anhöriga", 2)
    para(doc, "Barn som har en förälder eller annan vuxen i familjen med allvarlig sjukdom, "
              "missbruk eller funktionsnedsättning ska uppmärksammas särskilt, i enlighet med "
              "5 kap. 7 § hälso- och sjukvårdslagen (2017:30).")
    h("5 Ansvar")
    h("5.1 Nämnderna", 2)
    para(doc, "Socialnämnden och vård- och omsorgsnämnden ansvarar för att policyn omsätts i "
              "riktlinjer och rutiner inom respektive ansvarsområde.")
    h("5.2 Förvaltningarna", 2)
    para(doc, "Förvaltningscheferna ansvarar för att medarbetarna känner till policyn och har "
              "den kompetens som behövs. Kommunens anhörigkonsulent samordnar arbetet.")
    h("6 Uppföljning")
    para(doc, "Policyn följs upp av socialnämnden vartannat år. Uppföljningen redovisas för "
              "kommunstyrelsen.")
    doc.save(os.path.join(HERE, "d02_policy_anhorigstod_vrenstad.docx"))


# ---------------------------------------------------------------- d03

def make_d03():
    doc = base_doc()
    sec = doc.sections[0]
    hp = sec.header.paragraphs[0]
    hp.text = "Region Sjölanda\tProtokoll\tSida "
    add_field(hp, "PAGE")
    hp.add_run(" av ")
    add_field(hp, "NUMPAGES")
    sec.header.add_paragraph("Patientnämnden\t2025-02-20")
    sec.footer.paragraphs[0].text = "Ordförandes sign ________   Justerandes sign ________   Utdragsbestyrkande ________"

    t = doc.add_table(rows=1, cols=2)
    t.style = "Table Grid"
    t.cell(0, 0).text = "Region Sjölanda\nPatientnämnden"
    t.cell(0, 1).text = "Protokoll\nSammanträdesdatum 2025-02-20\nDnr PN 2025/2"
    doc.add_paragraph()
    rows = [
        ("Plats och tid", "Regionens hus, sammanträdesrum Sjön, torsdagen den 20 februari 2025 kl. 10.00–12.00"),
        ("Beslutande ledamöter", "Gunilla Råberg (M), ordförande\nKent Sjöholm (S), vice ordförande\n"
                                 "Amina Yusuf (S)\nLars-Göran Hed (C)\nBirgit Wallin (SD)\nMalin Ekdahl (L)\n"
                                 "Rune Ståhl (S), ersättare för Inger Moe (V)"),
        ("Tjänstepersoner", "Anita Lövgren, kanslichef\nMarkus Berg, patientnämndshandläggare, § 16\n"
                            "Sanna Ljung, sekreterare"),
        ("Justerare", "Kent Sjöholm"),
        ("Justeringsdatum", "2025-02-25"),
        ("Paragrafer", "§§ 14–20"),
    ]
    t2 = doc.add_table(rows=len(rows), cols=2)
    for i, (a, b) in enumerate(rows):
        t2.cell(i, 0).text = a
        t2.cell(i, 1).text = b
    doc.add_paragraph()
    para(doc, "Underskrifter", bold=True)
    para(doc, "Ordförande ______________________ Gunilla Råberg")
    para(doc, "Justerare ______________________ Kent Sjöholm")
    para(doc, "Sekreterare ______________________ Sanna Ljung")
    doc.add_paragraph()
    para(doc, "Bevis om justering", bold=True)
    para(doc, "Protokollet är justerat 2025-02-25 och har tillkännagivits på Region Sjölandas "
              "digitala anslagstavla 2025-02-26–2025-03-19.")
    page_break(doc)

    items = [
        ("§ 14", "Justering av protokoll", None,
         ["Patientnämndens beslut",
          "Kent Sjöholm (S) utses att jämte ordföranden justera protokollet den 25 februari 2025."]),
        ("§ 15", "Fastställande av föredragningslista", None,
         ["Patientnämndens beslut", "Föredragningslistan fastställs."]),
        ("§ 16", "Patientnämndens årsrapport 2024", "Dnr PN 2025/5",
         ["Sammanfattning",
          "Under 2024 registrerades 2 184 ärenden, en ökning med 11 procent jämfört med 2023. "
          "De vanligaste klagomålen gällde vård och behandling (41 procent) och kommunikation "
          "(22 procent). Markus Berg presenterar rapporten.",
          "Patientnämndens beslut",
          "1. Årsrapporten för 2024 godkänns.",
          "2. Årsrapporten överlämnas till regionstyrelsen, hälso- och sjukvårdsnämnden, "
          "primärvårdsnämnden och länets kommuner."]),
        ("§ 17", "Redogörelse till Inspektionen för vård och omsorg enligt 12 § lagen om stöd "
                 "vid klagomål mot hälso- och sjukvården", "Dnr PN 2025/6",
         ["Sammanfattning",
          "Nämnden ska senast den 1 mars varje år lämna en redogörelse för föregående års "
          "verksamhet till IVO, se reglementet § 4.",
          "Patientnämndens beslut",
          "Redogörelsen godkänns och överlämnas till IVO."]),
        ("§ 18", "Stödpersonsverksamheten – förordnanden", "Dnr PN 2025/1",
         ["Sammanfattning",
          "Kanslichefen har med stöd av delegation förordnat sju stödpersoner enligt 30 § "
          "lagen (1991:1128) om psykiatrisk tvångsvård under perioden 2024-12-01–2025-01-31.",
          "Patientnämndens beslut",
          "Redovisningen läggs till handlingarna."]),
        ("§ 19", "Internkontrollplan 2025", "Dnr PN 2025/3",
         ["Patientnämndens beslut",
          "Internkontrollplanen för 2025 fastställs i enlighet med bilaga."]),
        ("§ 20", "Kanslichefen informerar", None,
         ["Anita Lövgren informerar om rekryteringen av en ny handläggare, om det nationella "
          "nätverket för patientnämnder och om IVO:s beslut 2025-01-28 i ärende 4.2.1-02215/2024.",
          "Patientnämndens beslut",
          "Informationen noteras."]),
    ]
    tab = doc.add_table(rows=0, cols=2)
    for num, title, dnr, lines in items:
        row = tab.add_row()
        row.cells[0].width = Cm(2.2)
        row.cells[1].width = Cm(14.5)
        row.cells[0].text = num
        c = row.cells[1]
        p = c.paragraphs[0]
        r = p.add_run(title)
        r.bold = True
        if dnr:
            c.add_paragraph(dnr)
        for ln in lines:
            pp = c.add_paragraph()
            rr = pp.add_run(ln)
            if ln in ("Sammanfattning", "Patientnämndens beslut"):
                rr.bold = True
    doc.save(os.path.join(HERE, "d03_patientnamnden_sjolanda_2025-02-20.docx"))


# ---------------------------------------------------------------- d04

def make_d04():
    doc = base_doc()
    sec = doc.sections[0]
    sec.header.paragraphs[0].text = ("Region Norrtälven och kommunerna i Norrtälvens län\t\t"
                                     "RUTIN")
    fp = sec.footer.paragraphs[0]
    fp.text = "Rutin för samordnad individuell plan (SIP)\t\t"
    add_field(fp, "PAGE")
    fp.add_run(" (")
    add_field(fp, "NUMPAGES")
    fp.add_run(")")

    doc.add_paragraph("Rutin för samordnad individuell plan (SIP)", style="Title")
    para(doc, "Länsgemensam rutin för Region Norrtälven och kommunerna i Norrtälvens län")
    t = doc.add_table(rows=5, cols=2)
    t.style = "Table Grid"
    for i, (a, b) in enumerate([
        ("Fastställd av", "Styrgruppen för nära vård"),
        ("Datum för fastställande", "2022-10-13"),
        ("Gäller från", "2023-01-01"),
        ("Ersätter", "Riktlinje för SIP i Norrtälvens län, 2016"),
        ("Ansvarig för revidering", "Arbetsgruppen för SIP"),
    ]):
        t.cell(i, 0).text = a
        t.cell(i, 1).text = b
    doc.add_paragraph()

    def h(t, lvl=1):
        doc.add_heading(t, level=lvl)

    h("1. Bakgrund")
    para(doc, "Personer som har behov av insatser från både socialtjänsten och hälso- och "
              "sjukvården ska få sina insatser samordnade. Enligt 2 kap. 7 § socialtjänstlagen "
              "och 16 kap. 4 § hälso- och sjukvårdslagen ska kommunen och regionen tillsammans "
              "upprätta en individuell plan när det behövs för att den enskilde ska få sina behov "
              "tillgodosedda.")
    h("2. Syfte")
    para(doc, "Rutinen ska säkerställa att SIP upprättas på ett enhetligt sätt i hela länet och "
              "att den enskilde blir delaktig i planeringen.")
    h("3. Målgrupp")
    para(doc, "Rutinen gäller barn, unga och vuxna som har behov av insatser från båda "
              "huvudmännen, oavsett ålder och diagnos.")
    h("4. Ansvar")
    para(doc, "Den huvudman som först uppmärksammar behovet ansvarar för att kalla till SIP. "
              "Båda huvudmännen är skyldiga att delta.")
    h("5. Arbetsgång")
    h("5.1 Initiering", 2)
    para(doc, "Behovet av SIP kan uppmärksammas av den enskilde, närstående eller personal. "
              "Samtycke från den enskilde inhämtas innan kallelse skickas.")
    h("5.2 Kallelse", 2)
    para(doc, "Kallelse skickas via det gemensamma IT-stödet senast sju dagar före mötet. Vid "
              "brådskande behov kan mötet hållas tidigare.")
    h("5.3 SIP-mötet", 2)
    para(doc, "Vid mötet fastställs mål, insatser, ansvarsfördelning och vem som har det "
              "övergripande ansvaret för planen.")
    h("5.4 Uppföljning", 2)
    para(doc, "Datum för uppföljning bestäms vid mötet. Planen ska följas upp minst en gång per "
              "år.")
    h("6. Den enskildes delaktighet")
    para(doc, "Planen ska när det är möjligt upprättas tillsammans med den enskilde. Närstående "
              "ska ges möjlighet att delta om den enskilde inte motsätter sig det.")
    h("7. Avvikelser")
    para(doc, "Om en huvudman inte deltar eller inte fullföljer sitt åtagande ska en avvikelse "
              "skrivas enligt den länsgemensamma rutinen för samverkansavvikelser.")
    h("8. Giltighet och revidering")
    para(doc, "Rutinen gäller tills vidare och ska ses över vartannat år av arbetsgruppen för "
              "SIP.")
    doc.save(os.path.join(HERE, "d04_rutin_sip_styrgruppen_nara_vard.docx"))


# ---------------------------------------------------------------- PDF helpers

class ProtocolPDF(FPDF):
    """Swedish protocol template: two-column header table, signature boxes on every page."""

    def __init__(self, org, body, date, title="SAMMANTRÄDESPROTOKOLL", sig=True):
        super().__init__(format="A4")
        self.org, self.body, self.date, self.ptitle, self.sig = org, body, date, title, sig
        self.add_font("DejaVu", "", os.path.join(FONT_DIR, "DejaVuSans.ttf"))
        self.add_font("DejaVu", "B", os.path.join(FONT_DIR, "DejaVuSans-Bold.ttf"))
        self.set_auto_page_break(True, margin=38)
        self.set_margins(20, 20, 20)

    def header(self):
        y = 12
        self.set_draw_color(120, 120, 120)
        self.rect(20, y, 85, 18)
        self.rect(105, y, 85, 18)
        self.set_xy(22, y + 2)
        self.set_font("DejaVu", "B", 10)
        self.cell(80, 5, self.org)
        self.set_xy(22, y + 8)
        self.set_font("DejaVu", "", 9)
        self.cell(80, 5, self.body)
        self.set_xy(107, y + 2)
        self.set_font("DejaVu", "B", 10)
        self.cell(60, 5, self.ptitle)
        self.set_xy(107, y + 8)
        self.set_font("DejaVu", "", 9)
        self.cell(50, 5, "Sammanträdesdatum")
        self.set_xy(107, y + 13)
        self.cell(50, 4, self.date)
        self.set_xy(160, y + 2)
        self.cell(28, 5, f"{self.page_no()} ({{nb}})", align="R")
        self.set_y(y + 24)

    def footer(self):
        if not self.sig:
            self.set_y(-18)
            self.set_font("DejaVu", "", 8)
            self.cell(0, 5, f"{self.page_no()} ({{nb}})", align="C")
            return
        y = 297 - 30
        self.set_font("DejaVu", "", 7)
        labels = ["Justerandes sign", "Justerandes sign", "Utdragsbestyrkande"]
        x = 20
        for w, lab in zip((40, 40, 60), labels):
            self.rect(x, y, w, 14)
            self.set_xy(x + 1, y + 1)
            self.cell(w - 2, 3, lab)
            x += w + 5

    # helpers
    def label_row(self, label, text, lw=50):
        self.set_font("DejaVu", "B", 9.5)
        y = self.get_y()
        self.set_x(20)
        self.multi_cell(lw, 5, label)
        y_after_label = self.get_y()
        self.set_xy(20 + lw, y)
        self.set_font("DejaVu", "", 9.5)
        self.multi_cell(170 - lw, 5, text)
        self.set_y(max(self.get_y(), y_after_label) + 2)

    def item(self, num, title, paras, dnr=None, margin_dnr=False):
        """num in left margin column, title beside it."""
        if self.get_y() > 297 - 38 - 30:
            self.add_page()
        self.ln(3)
        y = self.get_y()
        self.set_font("DejaVu", "B", 11)
        self.set_xy(20, y)
        self.cell(25, 6, num)
        if dnr and margin_dnr:
            self.set_xy(20, y + 6)
            self.set_font("DejaVu", "", 7.5)
            self.cell(25, 4, dnr)
        self.set_xy(47, y)
        self.set_font("DejaVu", "B", 11)
        self.multi_cell(143, 6, title)
        if dnr and not margin_dnr:
            self.set_x(47)
            self.set_font("DejaVu", "", 9)
            self.multi_cell(143, 5, dnr)
        self.ln(1)
        for p in paras:
            bold = p.startswith("**")
            txt = p[2:] if bold else p
            self.set_font("DejaVu", "B" if bold else "", 10)
            self.set_x(47)
            self.multi_cell(143, 5, txt)
            self.ln(1)


def front_page(pdf, rows, sign, anslag):
    pdf.add_page()
    for lab, txt in rows:
        pdf.label_row(lab, txt)
    pdf.ln(2)
    pdf.set_font("DejaVu", "B", 9.5)
    pdf.cell(0, 5, "Underskrifter", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 9.5)
    for role, name, extra in sign:
        pdf.set_x(20)
        pdf.cell(30, 6, role)
        pdf.cell(70, 6, "....................................................")
        pdf.cell(0, 6, extra, new_x="LMARGIN", new_y="NEXT")
        pdf.set_x(50)
        pdf.cell(0, 5, name, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)
    if anslag:
        pdf.ln(3)
        y = pdf.get_y()
        pdf.rect(20, y, 170, 6 + 5.5 * len(anslag))
        pdf.set_xy(22, y + 1)
        pdf.set_font("DejaVu", "B", 9.5)
        pdf.cell(0, 5, "ANSLAG/BEVIS", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 9)
        for lab, txt in anslag:
            pdf.set_x(22)
            pdf.cell(62, 5.5, lab)
            pdf.cell(0, 5.5, txt, new_x="LMARGIN", new_y="NEXT")


# ---------------------------------------------------------------- p01

def make_p01():
    pdf = ProtocolPDF("ÅLSJÖ KOMMUN", "Socialnämnden", "2025-09-24")
    front_page(pdf, [
        ("Plats och tid", "Kommunhuset, sammanträdesrum Ålen, onsdagen den 24 september 2025 kl. 13.00–16.20"),
        ("Beslutande", "Marita Sund (S), ordförande\nHenrik Bolin (M), vice ordförande\nSelma Hodžić (S)\n"
                       "Torbjörn Ask (C)\nLinda Persson (SD)\nElias Rydberg (V)\n"
                       "Karl-Johan Ehn (KD), tjänstgörande ersättare för Gerd Ahl (M)"),
        ("Övriga deltagare", "Annika Frost, socialchef\nBo Lindell, ekonom, § 103\n"
                             "Frida Palm, verksamhetschef funktionsstöd, § 104\nJohanna Kron, nämndsekreterare"),
        ("Utses att justera", "Henrik Bolin"),
        ("Justeringens plats och tid", "Socialkontoret, 2025-09-29"),
    ], [
        ("Sekreterare", "Johanna Kron", "Paragrafer 101–107"),
        ("Ordförande", "Marita Sund", ""),
        ("Justerande", "Henrik Bolin", ""),
    ], [
        ("Organ", "Socialnämnden"),
        ("Sammanträdesdatum", "2025-09-24"),
        ("Datum då anslaget sätts upp", "2025-09-30"),
        ("Datum då anslaget tas ned", "2025-10-22"),
        ("Förvaringsplats för protokollet", "Socialkontoret, kommunhuset"),
    ])
    pdf.add_page()
    pdf.item("§ 101", "Val av justerare", [
        "**Socialnämndens beslut",
        "Henrik Bolin (M) utses att jämte ordföranden justera protokollet."])
    pdf.item("§ 102", "Godkännande av dagordning", [
        "**Socialnämndens beslut",
        "Dagordningen godkänns med tillägg av ärendet Uppföljning av avtal med HVB Furulunden, "
        "som behandlas under § 105."])
    pdf.item("§ 103", "Delårsrapport januari–augusti 2025", [
        "**Socialnämndens beslut",
        "1. Delårsrapporten godkänns och överlämnas till kommunstyrelsen.",
        "2. Socialchefen får i uppdrag att redovisa en plan för minskade kostnader för "
        "externa placeringar vid nämndens sammanträde i november.",
        "**Sammanfattning av ärendet",
        "Socialnämnden redovisar ett underskott per augusti om 3,9 mnkr. Helårsprognosen "
        "visar ett underskott om 6,1 mnkr. Avvikelsen beror främst på placeringar av barn och "
        "unga samt ökade kostnader för personlig assistans enligt 9 § 2 LSS. Bo Lindell "
        "föredrar ärendet.",
        "**Beslutsunderlag",
        "Tjänsteskrivelse 2025-09-10, dnr SN 2025/301",
        "Delårsrapport januari–augusti 2025"], dnr="Dnr SN 2025/301")
    pdf.item("§ 104", "Riktlinje för handläggning av ärenden enligt LSS – revidering", [
        "**Socialnämndens beslut",
        "1. Reviderad riktlinje för handläggning av ärenden enligt LSS antas.",
        "2. Riktlinjen gäller från och med 2025-11-01.",
        "3. Beslutet ersätter socialnämndens beslut 2019-03-20, § 31.",
        "**Sammanfattning av ärendet",
        "Riktlinjen har reviderats med anledning av ändringar i 9 a § LSS och ny "
        "rättspraxis om bedömning av grundläggande behov. Frida Palm redogör för ärendet. "
        "Revideringen innebär bland annat att bedömningen av andning och måltider tydliggörs "
        "och att uppföljning av beslut om personlig assistans ska ske minst en gång per år.",
        "**Yrkanden",
        "Linda Persson (SD) yrkar återremiss för att komplettera riktlinjen med en analys av "
        "kostnadskonsekvenserna.",
        "**Beslutsgång",
        "Ordföranden ställer frågan om ärendet ska avgöras i dag och finner att så sker.",
        "**Reservation",
        "Linda Persson (SD) reserverar sig mot beslutet."], dnr="Dnr SN 2025/188")
    pdf.item("§ 105", "Uppföljning av avtal med HVB Furulunden", [
        "**Socialnämndens beslut",
        "1. Uppföljningen godkänns.",
        "2. Förvaltningen får i uppdrag att inte förlänga avtalet efter 2026-03-31.",
        "**Sammanfattning av ärendet",
        "Avtalsuppföljningen visar brister i verksamhetens dokumentation och i "
        "samverkan med skolan. IVO har i beslut 2025-06-12 riktat kritik mot verksamheten."],
        dnr="Dnr SN 2025/276")
    pdf.item("§ 106", "Ej verkställda beslut, kvartal 2 2025", [
        "**Socialnämndens beslut",
        "Rapporten överlämnas till kommunfullmäktige och revisorerna.",
        "**Sammanfattning av ärendet",
        "Fyra beslut enligt LSS och två beslut enligt SoL har inte verkställts inom tre "
        "månader och har rapporterats till IVO enligt 28 f § LSS respektive 16 kap. 6 f § SoL."],
        dnr="Dnr SN 2025/22")
    pdf.item("§ 107", "Anmälan av delegationsbeslut och meddelanden", [
        "**Socialnämndens beslut",
        "Anmälan av delegationsbeslut och meddelanden godkänns.",
        "Meddelanden:",
        "1. Kommunfullmäktige 2025-08-25, KF § 88, Revidering av socialnämndens reglemente.",
        "2. Förvaltningsrätten, dom 2025-09-02 i mål nr 4410-25."])
    pdf.output(os.path.join(HERE, "p01_socialnamnden_alsjo_2025-09-24.pdf"))
    return pdf.page_no()


# ---------------------------------------------------------------- p02

def make_p02():
    pdf = ProtocolPDF("Region Sjölanda", "Primärvårdsnämnden", "2024-11-28", title="PROTOKOLL")
    front_page(pdf, [
        ("Plats och tid", "Regionens hus, sammanträdesrum Viken, kl. 09.00–12.15"),
        ("Beslutande", "Stefan Holm (C), ordförande\nNina Eriksson (S), 1:e vice ordförande\n"
                       "Peder Lund (M), 2:e vice ordförande\nAlva Nilsson (S)\nRoger Åkerman (SD)\n"
                       "Camilla Berge (KD)\nMohammed Saleh (S)"),
        ("Övriga deltagare", "Katarina Vinge, primärvårdsdirektör\nJonas Ek, controller\n"
                             "Ellen Strömberg, nämndsekreterare"),
        ("Justerare", "Nina Eriksson"),
        ("Justering", "Regionens hus 2024-12-03"),
    ], [
        ("Sekreterare", "Ellen Strömberg", "§§ 63–70"),
        ("Ordförande", "Stefan Holm", ""),
        ("Justerare", "Nina Eriksson", ""),
    ], [
        ("Organ", "Primärvårdsnämnden"),
        ("Sammanträdesdatum", "2024-11-28"),
        ("Anslaget publicerat", "2024-12-04"),
        ("Anslaget tas ned", "2024-12-27"),
    ])
    pdf.add_page()
    m = dict(margin_dnr=True)
    pdf.item("§ 63", "Val av justerare och justeringsdag", [
        "Nina Eriksson (S) utses att justera protokollet tisdagen den 3 december 2024."])
    pdf.item("§ 64", "Fastställande av föredragningslista", [
        "Föredragningslistan fastställs."])
    pdf.item("§ 65", "Budget och verksamhetsplan 2025", [
        "**Primärvårdsnämndens beslut",
        "1. Budget och verksamhetsplan 2025 fastställs.",
        "2. Primärvårdsdirektören får i uppdrag att återkomma med en plan för att minska "
        "kostnaderna för inhyrda läkare med 15 mnkr.",
        "**Ärendebeskrivning",
        "Regionfullmäktige beslutade 2024-11-19, RF § 131, om regionens budget för 2025. "
        "Nämndens ram uppgår till 2 412 mnkr. Jonas Ek föredrar ärendet."],
        dnr="PVN 2024/0311", **m)
    pdf.item("§ 66", "Vårdval primärvård – ersättning för fast läkarkontakt", [
        "**Primärvårdsnämndens beslut",
        "Ersättningen för listade patienter med fast läkarkontakt höjs med 3 procent från "
        "och med 2025-01-01.",
        "**Ärendebeskrivning",
        "Enligt 6 kap. 3 § patientlagen ska patienten få en fast läkarkontakt om patienten "
        "begär det. Andelen listade med fast läkarkontakt var i oktober 34 procent."],
        dnr="PVN 2024/0288", **m)
    pdf.item("§ 67", "Närakuten i Sjöby – förändrade öppettider", [
        "**Primärvårdsnämndens beslut",
        "1. Närakuten i Sjöby ska från och med 2025-02-01 ha öppet kl. 08–22 alla dagar.",
        "2. Förändringen ska utvärderas efter sex månader.",
        "**Reservation",
        "Roger Åkerman (SD) reserverar sig till förmån för eget förslag om öppethållande "
        "dygnet runt."], dnr="PVN 2024/0254", **m)
    pdf.item("§ 68", "Svar på medborgarförslag om jourmottagning i norra länet", [
        "**Primärvårdsnämndens beslut",
        "Medborgarförslaget avslås.",
        "**Ärendebeskrivning",
        "Förslagsställaren föreslår en jourmottagning i Norrby. Förvaltningen bedömer att "
        "behovet tillgodoses genom digitala besök och mobila team, se även § 67."],
        dnr="PVN 2024/0199", **m)
    pdf.item("§ 69", "Uppföljning av vårdgaranti i primärvården oktober 2024", [
        "**Primärvårdsnämndens beslut",
        "Uppföljningen läggs till handlingarna.",
        "**Ärendebeskrivning",
        "I oktober fick 91 procent av patienterna en medicinsk bedömning inom tre dagar, "
        "i enlighet med 9 kap. 1 § hälso- och sjukvårdslagen."], dnr="PVN 2024/0017", **m)
    pdf.item("§ 70", "Anmälningsärenden", [
        "**Primärvårdsnämndens beslut",
        "Anmälningsärendena läggs till handlingarna.",
        "Förteckning:",
        "1. Regionstyrelsen 2024-10-22, RS § 201, Regionövergripande plan för kompetensförsörjning.",
        "2. Delegationsbeslut, förteckning 2024-10-15–2024-11-18."])
    pdf.output(os.path.join(HERE, "p02_primarvardsnamnden_sjolanda_2024-11-28.pdf"))
    return pdf.page_no()


# ---------------------------------------------------------------- p03

class GovPDF(FPDF):
    def __init__(self):
        super().__init__(format="A4")
        self.add_font("DejaVu", "", os.path.join(FONT_DIR, "DejaVuSans.ttf"))
        self.add_font("DejaVu", "B", os.path.join(FONT_DIR, "DejaVuSans-Bold.ttf"))
        self.set_auto_page_break(True, margin=25)
        self.set_margins(25, 20, 25)

    def header(self):
        self.set_font("DejaVu", "", 8)
        self.set_y(10)
        self.cell(80, 5, "Samordningsförbundet Södra Hallbro")
        self.cell(0, 5, "Styrdokument", align="R")
        self.ln(10)

    def footer(self):
        self.set_y(-15)
        self.set_font("DejaVu", "", 8)
        self.cell(80, 5, "Arbetsordning för styrelsen")
        self.cell(0, 5, f"{self.page_no()} ({{nb}})", align="R")


def make_p03():
    pdf = GovPDF()
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 16)
    pdf.multi_cell(0, 8, "Arbetsordning för styrelsen i Samordningsförbundet Södra Hallbro", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font("DejaVu", "", 9)
    pdf.multi_cell(0, 5, "Antagen av styrelsen 2020-02-12, § 9\nReviderad 2023-03-08, § 14\n"
                         "Diarienummer: SFSH 2023/11", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)

    def p(t):
        pdf.set_font("DejaVu", "", 10)
        pdf.multi_cell(0, 5, t, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)

    def group(t):
        pdf.ln(2)
        pdf.set_font("DejaVu", "B", 12)
        pdf.multi_cell(0, 6, t, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)

    def sec(n, t):
        pdf.set_font("DejaVu", "B", 10.5)
        pdf.multi_cell(0, 6, f"§ {n} {t}", new_x="LMARGIN", new_y="NEXT")

    p("Utöver vad som föreskrivs i lagen (2003:1210) om finansiell samordning av "
      "rehabiliteringsinsatser och i förbundsordningen gäller denna arbetsordning för "
      "styrelsens arbete.")
    group("Styrelsens uppgifter och sammansättning")
    sec(1, "Styrelsens uppgifter")
    p("Styrelsen är förbundets beslutande organ och ansvarar för de uppgifter som anges i "
      "7 § lagen om finansiell samordning av rehabiliteringsinsatser, bland annat att besluta "
      "om mål och riktlinjer för förbundets verksamhet och om hur de samlade resurserna ska "
      "användas.")
    sec(2, "Sammansättning")
    p("Styrelsen består av sex ledamöter och lika många ersättare. Varje förbundsmedlem utser "
      "en ledamot och en ersättare, i enlighet med förbundsordningen § 6.")
    sec(3, "Ordförande och vice ordförande")
    p("Styrelsen väljer bland de ledamöter som utsetts av kommunerna eller regionen en "
      "ordförande och en vice ordförande för den tid som anges i förbundsordningen.")
    group("Sammanträden")
    sec(4, "Sammanträdesplan")
    p("Styrelsen fastställer före varje års utgång en plan för nästkommande års sammanträden. "
      "Styrelsen sammanträder minst fyra gånger per år.")
    sec(5, "Kallelse och handlingar")
    p("Kallelse med föredragningslista och handlingar skickas elektroniskt till ledamöter och "
      "ersättare senast sju dagar före sammanträdet.")
    sec(6, "Närvarorätt för förbundschefen")
    p("Förbundschefen har rätt att närvara och yttra sig vid styrelsens sammanträden men inte "
      "delta i besluten.")
    sec(7, "Beslutsförhet")
    p("Styrelsen får handlägga ärenden endast när samtliga ledamöter eller ersättare för dem "
      "är närvarande, enligt 13 § lagen om finansiell samordning av rehabiliteringsinsatser. "
      "Ärenden som inte kan beslutas på grund av detta ska tas upp vid nästa sammanträde.")
    group("Beredning och beslut")
    sec(8, "Jäv")
    p("En ledamot som är jävig i ett ärende får inte delta i handläggningen av ärendet. "
      "Bestämmelserna i 6 kap. 28–32 §§ kommunallagen (2017:725) tillämpas.")
    sec(9, "Protokoll och justering")
    p("Protokoll förs av förbundschefen eller den som styrelsen utser. Protokollet justeras av "
      "ordföranden och en ledamot senast fjorton dagar efter sammanträdet och publiceras på "
      "förbundets webbplats.")
    sec(10, "Reservation")
    p("En ledamot som vill reservera sig mot ett beslut ska anmäla detta innan sammanträdet "
      "avslutas. En skriftlig motivering ska lämnas senast vid justeringen.")
    sec(11, "Delegering till förbundschefen")
    p("Styrelsen får uppdra åt förbundschefen att besluta i ärenden av löpande karaktär. "
      "Beslut som fattas med stöd av delegering ska anmälas vid nästa sammanträde, se § 9.")
    sec(12, "Ändring av arbetsordningen")
    p("Ändringar i arbetsordningen beslutas av styrelsen. Förslag till ändring ska ha "
      "skickats ut med kallelsen.")
    pdf.output(os.path.join(HERE, "p03_arbetsordning_samordningsforbundet_sodra_hallbro.pdf"))
    return pdf.page_no()


# ---------------------------------------------------------------- p04

def make_p04():
    pdf = ProtocolPDF("BRUNNBY KOMMUN", "Vård- och omsorgsnämndens arbetsutskott", "2025-01-15")
    pdf.add_page()
    for lab, txt in [
        ("Plats och tid", "Omsorgskontoret, rum Linden, kl. 08.30–10.45"),
        ("Beslutande", "Gert Ljungberg (M), ordförande\nSaga Holmqvist (S)\nArvid Lönn (C)"),
        ("Övriga", "Therese Blom, förvaltningschef\nPatrik Wallin, utredare, AU § 10\n"
                   "Minna Rautio, sekreterare"),
        ("Justerare", "Saga Holmqvist"),
        ("Justeringens plats och tid", "Omsorgskontoret 2025-01-17"),
        ("Paragrafer", "AU §§ 7–12"),
    ]:
        pdf.label_row(lab, txt)
    pdf.ln(2)
    pdf.set_font("DejaVu", "", 9.5)
    pdf.multi_cell(0, 5, "Sekreterare ........................................ Minna Rautio\n"
                         "Ordförande ........................................ Gert Ljungberg\n"
                         "Justerare ........................................ Saga Holmqvist", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("DejaVu", "B", 9.5)
    pdf.cell(0, 5, "BEVIS OM ANSLAG", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 9)
    pdf.multi_cell(0, 5, "Protokollet är justerat. Justeringen har tillkännagivits genom anslag "
                         "2025-01-20. Anslaget tas ned 2025-02-11.", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.item("AU § 7", "Val av justerare", [
        "Saga Holmqvist (S) utses att justera protokollet."])
    pdf.item("AU § 8", "Föredragningslista", [
        "Föredragningslistan godkänns."])
    pdf.item("AU § 9", "Förslag till avgifter för måltider inom äldreomsorgen 2025", [
        "**Arbetsutskottets förslag till vård- och omsorgsnämnden",
        "1. Avgiften för helpension i särskilt boende fastställs till 4 350 kronor per månad.",
        "2. Avgiften för matdistribution fastställs till 68 kronor per portion.",
        "**Ärendebeskrivning",
        "Avgifterna för måltider omfattas inte av maxtaxan enligt 8 kap. 5 § SoL men ska "
        "enligt 8 kap. 1 § SoL inte överstiga kommunens självkostnad. Förvaltningen har "
        "beräknat självkostnaden till 4 510 kronor per månad för helpension."],
        dnr="Dnr VON 2024/311")
    pdf.item("AU § 10", "Yttrande över granskningsrapport om kontinuitet i hemtjänsten", [
        "**Arbetsutskottets förslag till vård- och omsorgsnämnden",
        "Nämnden antar förvaltningens förslag till yttrande som sitt eget och överlämnar det "
        "till kommunens revisorer.",
        "**Ärendebeskrivning",
        "Kommunens revisorer har granskat personalkontinuiteten i hemtjänsten. Granskningen "
        "visar att en brukare i genomsnitt möter 16 olika medarbetare under en "
        "fjortondagarsperiod. Revisorerna rekommenderar att nämnden",
        "1. fastställer ett mål för personalkontinuitet,",
        "2. följer upp kontinuiteten per hemtjänstgrupp,",
        "3. ser över planeringen av turer.",
        "Patrik Wallin föredrar förvaltningens förslag till yttrande."],
        dnr="Dnr VON 2024/288")
    pdf.item("AU § 11", "Ansökan om verksamhetsbidrag från Brunnby anhörigförening", [
        "**Arbetsutskottets beslut",
        "Brunnby anhörigförening beviljas verksamhetsbidrag om 45 000 kronor för 2025.",
        "**Ärendebeskrivning",
        "Föreningen bedriver anhöriggrupper och träffpunkter för anhöriga till personer med "
        "demenssjukdom. Beslutet fattas med stöd av nämndens delegationsordning, punkt 2.4."],
        dnr="Dnr VON 2024/340")
    pdf.item("AU § 12", "Övriga frågor", [
        "Arvid Lönn (C) frågar om läget för det nya vård- och omsorgsboendet i Brunnby. "
        "Therese Blom svarar att byggstart planeras till hösten 2025."])
    pdf.output(os.path.join(HERE, "p04_vard_och_omsorgsnamndens_au_brunnby_2025-01-15.pdf"))
    return pdf.page_no()


if __name__ == "__main__":
    make_d01()
    make_d02()
    make_d03()
    make_d04()
    for f in (make_p01, make_p02, make_p03, make_p04):
        print(f.__name__, "pages:", f())
