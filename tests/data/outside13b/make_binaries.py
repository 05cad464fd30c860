"""Generate the .docx and .pdf files of the outside13b test set.

Run with: /work/main/.venv/bin/python make_binaries.py
All content is invented. Output is written next to this script.
"""
from pathlib import Path

from docx import Document
from docx.enum.text import WD_BREAK
from docx.shared import Pt
from fpdf import FPDF

OUT = Path(__file__).resolve().parent
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT = FONT_DIR / "DejaVuSans.ttf"
FONT_B = FONT_DIR / "DejaVuSans-Bold.ttf"

# --------------------------------------------------------------------------
# PDF machinery
# --------------------------------------------------------------------------


class ProtoPDF(FPDF):
    """A4 protocol with page header, footer signature boxes and margin column."""

    def __init__(self, cfg):
        super().__init__(format="A4")
        self.cfg = cfg
        self.cont = None  # "Forts. § N" label while an item runs over a page
        self.add_font("DejaVu", "", str(FONT))
        self.add_font("DejaVu", "B", str(FONT_B))
        self.set_auto_page_break(True, margin=cfg.get("bottom", 38))
        self.set_margins(15, 15, 15)

    def header(self):
        c = self.cfg
        self.set_font("DejaVu", "B", 10)
        self.set_xy(15, 10)
        self.cell(80, 5, c["org"])
        self.set_font("DejaVu", "", 10)
        self.set_xy(100, 10)
        self.cell(60, 5, c.get("doc_label", "SAMMANTRÄDESPROTOKOLL"))
        self.set_xy(160, 10)
        self.cell(35, 5, c["page_fmt"](self.page_no()), align="R")
        self.set_xy(15, 15)
        self.cell(80, 5, c["header_body"])
        self.set_xy(100, 15)
        self.cell(95, 5, c.get("header_date", ""))
        self.line(15, 22, 195, 22)
        y = 27
        if self.cont and c.get("forts"):
            self.set_font("DejaVu", "B", 10)
            self.set_xy(c["num_x"], y)
            self.cell(40, 5, self.cont)
            self.set_font("DejaVu", "", 10)
            y += 8
        self.set_y(y)

    def footer(self):
        c = self.cfg
        if c.get("footer") == "text":
            self.set_y(-22)
            self.set_font("DejaVu", "", 8)
            self.set_x(15)
            self.cell(90, 5, "Justerandes sign")
            self.set_x(120)
            self.cell(75, 5, "Utdragsbestyrkande", align="R")
            return
        # signature boxes
        y = self.h - 30
        self.set_font("DejaVu", "", 7)
        for i, lab in enumerate(c.get("sign_boxes", ["Justerandes sign", "Justerandes sign"])):
            x = 15 + i * 27
            self.rect(x, y, 25, 14)
            self.set_xy(x + 1, y + 1)
            self.cell(23, 3, lab)
        self.rect(150, y, 45, 14)
        self.set_xy(151, y + 1)
        self.cell(43, 3, "Utdragsbestyrkande")
        self.set_font("DejaVu", "", 10)


def pdf_header_table(pdf, rows, x=15, label_w=45, width=180):
    """Two-column header table: label in left column, value in right."""
    pdf.set_font("DejaVu", "", 10)
    for label, value in rows:
        y0 = pdf.get_y()
        pdf.set_font("DejaVu", "B", 9)
        h_lab = pdf.multi_cell(label_w - 2, 5, label, dry_run=True, output="HEIGHT")
        pdf.set_font("DejaVu", "", 10)
        h_val = pdf.multi_cell(width - label_w - 4, 5, value, dry_run=True, output="HEIGHT")
        h = max(h_lab, h_val) + 2
        if y0 + h > pdf.h - 40:
            pdf.add_page()
            y0 = pdf.get_y()
        pdf.set_font("DejaVu", "B", 9)
        pdf.set_xy(x + 1, y0 + 1)
        pdf.multi_cell(label_w - 2, 5, label, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 10)
        pdf.set_xy(x + label_w + 2, y0 + 1)
        pdf.multi_cell(width - label_w - 4, 5, value, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.rect(x, y0, label_w, h)
        pdf.rect(x + label_w, y0, width - label_w, h)
        pdf.set_y(y0 + h)


def pdf_signatures(pdf, sigs, x=15):
    pdf.ln(4)
    for role, name in sigs:
        y = pdf.get_y()
        pdf.set_font("DejaVu", "B", 9)
        pdf.set_xy(x, y + 4)
        pdf.cell(40, 5, role)
        pdf.set_font("DejaVu", "", 10)
        pdf.line(x + 45, y + 8, x + 130, y + 8)
        pdf.set_xy(x + 45, y + 9)
        pdf.cell(85, 5, name)
        pdf.set_y(y + 16)


def pdf_anslag(pdf, rows, x=15):
    if pdf.get_y() > pdf.h - 38 - 70:
        pdf.add_page()
    pdf.ln(4)
    y0 = pdf.get_y()
    pdf.set_font("DejaVu", "B", 11)
    pdf.set_x(x)
    pdf.cell(180, 7, "ANSLAG/BEVIS", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 9)
    pdf.set_x(x)
    pdf.cell(180, 5, "Protokollet är justerat. Justeringen har tillkännagivits genom anslag.",
             align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)
    pdf_header_table(pdf, rows, x=x)
    pdf.rect(x - 2, y0 - 2, 184, pdf.get_y() - y0 + 4)


def pdf_items(pdf, items, body_x=45, num_x=15, title_x=45, num_fmt="§ {n}",
              dnr_mode="below", dnr_x=150, num_right=False):
    c = pdf.cfg
    for it in items:
        if pdf.get_y() > pdf.h - 38 - 35:
            pdf.add_page()
        pdf.ln(3)
        y = pdf.get_y()
        num = num_fmt.format(n=it["n"])
        pdf.set_font("DejaVu", "B", 11)
        if num_right:
            # number printed at the right margin first, title at the left
            pdf.set_xy(172, y)
            pdf.cell(23, 6, num, align="R")
            pdf.set_xy(title_x, y)
            pdf.multi_cell(150, 6, it["title"], align="L", new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.set_xy(num_x, y)
            pdf.cell(title_x - num_x - 2, 6, num)
            tw = (dnr_x - title_x - 3) if (it.get("dnr") and dnr_mode == "right") else 195 - title_x
            pdf.set_xy(title_x, y)
            pdf.multi_cell(tw, 6, it["title"], align="L", new_x="LMARGIN", new_y="NEXT")
        y_after = pdf.get_y()
        pdf.set_font("DejaVu", "", 10)
        if it.get("dnr"):
            if dnr_mode == "right":
                pdf.set_xy(dnr_x, y)
                pdf.cell(195 - dnr_x, 6, it["dnr"], align="R")
                pdf.set_y(y_after)
            else:
                pdf.set_xy(title_x, y_after)
                pdf.cell(100, 5, it["dnr"], new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)
        pdf.set_left_margin(body_x)
        pdf.cont = c.get("forts_fmt", "Forts. § {n}").format(n=it["n"])
        for para in it["body"]:
            if para.startswith("##"):
                pdf.set_font("DejaVu", "B", 10)
                pdf.set_x(body_x)
                pdf.multi_cell(195 - body_x, 5, para[2:].strip(), new_x="LMARGIN", new_y="NEXT")
                pdf.set_font("DejaVu", "", 10)
            else:
                pdf.set_x(body_x)
                pdf.multi_cell(195 - body_x, 5, para, new_x="LMARGIN", new_y="NEXT")
                pdf.ln(1.5)
        pdf.cont = None
        pdf.set_left_margin(15)


def new_pdf(cfg):
    pdf = ProtoPDF(cfg)
    pdf.add_page()
    return pdf


# --------------------------------------------------------------------------
# p01 – Vård- och omsorgsnämnden, Lövsta kommun: margin column, Forts.
# --------------------------------------------------------------------------


def make_p01():
    cfg = dict(org="LÖVSTA KOMMUN", header_body="Vård- och omsorgsnämnden",
               header_date="Sammanträdesdatum 2025-10-21",
               page_fmt=lambda p: f"{p} ({{nb}})", num_x=15, forts=True)
    pdf = new_pdf(cfg)
    pdf_header_table(pdf, [
        ("Plats och tid", "Lövsta kommunhus, sammanträdesrum Orren, tisdagen den 21 oktober 2025 kl. 13.00–16.30"),
        ("Beslutande", "Birgitta Strandh (S), ordförande\nGösta Ling (M), vice ordförande\n"
                       "Yasmin Karimi (S)\nRagnar Öhman (SD)\nEllinor Hök (C)\nTorbjörn Wall (V)\n"
                       "Anne Selander (L), tjänstgörande ersättare för Kjell Ahlin (KD)"),
        ("Övriga deltagare", "Monica Sundin, förvaltningschef\nErik Lövgren, controller, § 114\n"
                             "Hanna Ribbing, MAS\nLouise Ahl, nämndsekreterare"),
        ("Utses att justera", "Gösta Ling"),
        ("Justeringens plats och tid", "Vård- och omsorgsförvaltningen, 2025-10-27"),
        ("Paragrafer", "112–118"),
    ])
    pdf.ln(2)
    pdf_signatures(pdf, [("Sekreterare", "Louise Ahl"), ("Ordförande", "Birgitta Strandh"),
                         ("Justerande", "Gösta Ling")])
    pdf.add_page()
    items = [
        dict(n=112, title="Val av justerare", body=[
            "Vård- och omsorgsnämnden beslutar att utse Gösta Ling (M) att justera protokollet."]),
        dict(n=113, title="Fastställande av dagordning", body=[
            "Vård- och omsorgsnämnden beslutar att fastställa dagordningen med tillägg av ett "
            "informationsärende om vaccinationer, som behandlas under § 118."]),
        dict(n=114, title="Ekonomisk uppföljning per september 2025", dnr="Dnr VON 2025/211", body=[
            "## Ärendebeskrivning",
            "Förvaltningen redovisar ekonomisk uppföljning per den 30 september 2025. Nämnden har en "
            "budgetram om 612,4 miljoner kronor. Prognosen för helåret visar ett underskott om 9,8 "
            "miljoner kronor, vilket motsvarar 1,6 procent av budgeten.",
            "Underskottet förklaras främst av att antalet beviljade hemtjänsttimmar har ökat med 11 procent "
            "jämfört med samma period 2024, att kostnaderna för bemanningssjuksköterskor inom särskilt "
            "boende ligger 3,2 miljoner kronor över budget och att intäkterna från Migrationsverket har "
            "minskat. Åtgärder har vidtagits för att minska övertiden, och en översyn av nattbemanningen "
            "pågår. Förvaltningen bedömer att åtgärderna får helårseffekt först under 2026.",
            "Nämnden beslutade vid sammanträdet i juni (§ 81) att förvaltningen månatligen ska redovisa "
            "utfallet av handlingsplanen för en ekonomi i balans. Handlingsplanens åtgärder beräknas ge en "
            "besparing om 4,1 miljoner kronor under 2025.",
            "## Beslutsunderlag",
            "Tjänsteskrivelse 2025-10-08\nEkonomisk uppföljning september 2025\nUppföljning av handlingsplan",
            "## Beslut",
            "Vård- och omsorgsnämnden beslutar att\n1. godkänna den ekonomiska uppföljningen per september "
            "2025,\n2. uppdra åt förvaltningschefen att vid nästa sammanträde redovisa ytterligare åtgärder "
            "för att minska underskottet,\n3. överlämna uppföljningen till kommunstyrelsen.",
            "## Expedieras till",
            "Kommunstyrelsen, Ekonomiavdelningen",
        ]),
        dict(n=115, title="Införande av digital tillsyn nattetid i hemtjänsten", dnr="Dnr VON 2025/187", body=[
            "## Ärendebeskrivning",
            "Förvaltningen föreslår att digital tillsyn med kamera införs som ett alternativ till fysisk "
            "tillsyn nattetid för personer som beviljats tillsyn enligt 4 kap. 1 § socialtjänstlagen. "
            "Insatsen förutsätter samtycke från den enskilde. Erfarenheter från andra kommuner visar att "
            "digital tillsyn kan minska antalet störande besök och frigöra personaltid.",
            "## Yrkanden",
            "Ragnar Öhman (SD) yrkar att ärendet återremitteras för en analys av integritetsfrågorna.",
            "Birgitta Strandh (S) yrkar bifall till förvaltningens förslag.",
            "## Propositionsordning",
            "Ordföranden ställer först proposition på om ärendet ska avgöras i dag och finner att "
            "nämnden beslutar att avgöra ärendet i dag.",
            "## Beslut",
            "Vård- och omsorgsnämnden beslutar att införa digital tillsyn nattetid i hemtjänsten från och "
            "med 2026-01-01.",
            "## Reservation",
            "Ragnar Öhman (SD) reserverar sig mot beslutet till förmån för eget yrkande.",
        ]),
        dict(n=116, title="Yttrande över medborgarförslag om träffpunkt för seniorer i Östby",
             dnr="Dnr VON 2025/160", body=[
            "## Ärendebeskrivning",
            "Ett medborgarförslag har lämnats om att öppna en träffpunkt för seniorer i före detta "
            "bibliotekslokalen i Östby. Förvaltningen bedömer att en träffpunkt kan öppnas två dagar "
            "i veckan i samarbete med pensionärsorganisationerna, till en kostnad av 180 000 kronor per år.",
            "## Beslut",
            "Vård- och omsorgsnämnden föreslår kommunfullmäktige besluta att bifalla medborgarförslaget.",
        ]),
        dict(n=117, title="Sammanträdesplan 2026", dnr="Dnr VON 2025/230", body=[
            "Vård- och omsorgsnämnden beslutar att fastställa sammanträdesplan för 2026 enligt bilaga."]),
        dict(n=118, title="Delegationsbeslut och anmälningsärenden", body=[
            "Redovisas delegationsbeslut för perioden 2025-09-01 – 2025-09-30 samt information om "
            "höstens vaccinationer mot influensa och covid-19 på särskilda boenden.",
            "Vård- och omsorgsnämnden beslutar att lägga redovisningen till handlingarna."]),
    ]
    pdf_items(pdf, items, body_x=45, num_x=15, title_x=45)
    pdf_anslag(pdf, [
        ("Organ", "Vård- och omsorgsnämnden"),
        ("Sammanträdesdatum", "2025-10-21"),
        ("Datum för anslags uppsättande", "2025-10-28"),
        ("Datum för anslags nedtagande", "2025-11-19"),
        ("Förvaringsplats för protokollet", "Vård- och omsorgsförvaltningen, Lövsta"),
        ("Underskrift", "Louise Ahl"),
    ])
    pdf.output(str(OUT / "p01_von_lovsta_marginal.pdf"))


# --------------------------------------------------------------------------
# p02 – Socialnämnden, Kvarnby kommun: "SN 57" prefix, Dnr on the same line
# --------------------------------------------------------------------------


def make_p02():
    cfg = dict(org="Kvarnby kommun", doc_label="PROTOKOLL", header_body="Socialnämnden",
               header_date="2025-05-20", page_fmt=lambda p: f"Sida {p} av {{nb}}", num_x=15,
               forts=True, forts_fmt="SN {n} forts.")
    pdf = new_pdf(cfg)
    pdf.set_font("DejaVu", "B", 14)
    pdf.cell(0, 8, "Socialnämnden", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    pdf_header_table(pdf, [
        ("Plats och tid", "Kvarnby rådhus, Stora salen, 2025-05-20 kl. 08.30–11.45"),
        ("Beslutande", "Lena Hultgren (S), ordförande; Martin Krantz (M), vice ordförande; "
                       "Susanne Dahl (S); Petter Yngve (SD); Amira Jusic (S); Gun Rosén (C); "
                       "Kalle Wikström (V)"),
        ("Övriga deltagare", "Johanna Frid, socialchef; Anders Ryd, ekonom, SN 59; Vera Holst, sekreterare"),
        ("Utses att justera", "Martin Krantz"),
        ("Justeringens plats och tid", "Socialkontoret, Kvarnby, 2025-05-26"),
        ("Paragrafer", "SN 57–63"),
        ("Underskrifter", "Sekreterare Vera Holst\nOrdförande Lena Hultgren\nJusterande Martin Krantz"),
    ])
    pdf.ln(4)
    items = [
        dict(n=57, title="Val av justerare", body=[
            "Socialnämnden beslutar att utse Martin Krantz (M) att justera protokollet."]),
        dict(n=58, title="Socialchefen informerar", body=[
            "Socialchefen informerar om sommarbemanningen inom individ- och familjeomsorgen, om "
            "arbetet med den nya socialtjänstlagen och om att antalet hushåll med ekonomiskt bistånd "
            "minskat till 412.",
            "Socialnämnden beslutar att notera informationen."]),
        dict(n=59, title="Ekonomisk uppföljning april 2025", dnr="SN 2025/41", body=[
            "## Ärendebeskrivning",
            "Prognosen för helåret visar ett underskott om 5,1 miljoner kronor. Kostnaderna för "
            "placeringar av barn och unga ligger 6,4 miljoner kronor över budget, medan kostnaderna "
            "för ekonomiskt bistånd ligger 1,3 miljoner kronor under budget.",
            "Socialnämnden beslutar att godkänna den ekonomiska uppföljningen."]),
        dict(n=60, title="Handlingsplan mot våld i nära relationer 2025–2027", dnr="SN 2025/214", body=[
            "## Ärendebeskrivning",
            "Handlingsplanen har tagits fram tillsammans med polisen, Region Västmark och kvinnojouren. "
            "Planen utgår från socialnämndens ansvar enligt 5 kap. 11 § socialtjänstlagen att verka för "
            "att den som utsatts för brott och dennes närstående får stöd och hjälp. Planen innehåller "
            "åtgärder inom fyra områden: förebyggande arbete, tidig upptäckt, stöd till våldsutsatta och "
            "insatser till våldsutövare.",
            "## Beslutsunderlag",
            "Tjänsteskrivelse 2025-04-29, SN 2025/214\nHandlingsplan mot våld i nära relationer 2025–2027",
            "## Beslut",
            "Socialnämnden beslutar att\n1. anta handlingsplan mot våld i nära relationer 2025–2027,\n"
            "2. ge socialchefen i uppdrag att årligen följa upp planen,\n"
            "3. överlämna planen till kommunstyrelsen för kännedom.",
            "## Expedieras till",
            "Kommunstyrelsen, Polisområde Västmark, Kvinnojouren i Kvarnby",
        ]),
        dict(n=61, title="Avtal om skyddat boende", dnr="SN 2025/198", body=[
            "## Ärendebeskrivning",
            "Nuvarande avtal om platser i skyddat boende löper ut 2025-08-31. Efter direktupphandling "
            "föreslås avtal med Stiftelsen Tryggheten om fyra platser till ett dygnspris om 2 350 kronor.",
            "## Yrkanden",
            "Petter Yngve (SD) yrkar att avtalstiden begränsas till ett år.",
            "Lena Hultgren (S) yrkar bifall till förvaltningens förslag.",
            "Ordföranden ställer förslagen mot varandra och finner att nämnden bifaller förvaltningens förslag.",
            "## Beslut",
            "Socialnämnden beslutar att teckna avtal om skyddat boende med Stiftelsen Tryggheten för "
            "perioden 2025-09-01 – 2027-08-31.",
            "## Reservation",
            "Petter Yngve (SD) reserverar sig mot beslutet."]),
        dict(n=62, title="Rapport om ej verkställda beslut, kvartal 1 2025", dnr="SN 2025/15", body=[
            "Fyra beslut om kontaktfamilj och två beslut om stödboende har inte verkställts inom tre "
            "månader. Rapportering har skett till IVO enligt 16 kap. 6 f § socialtjänstlagen.",
            "Socialnämnden beslutar att godkänna rapporten och överlämna den till kommunfullmäktige."]),
        dict(n=63, title="Anmälan av delegationsbeslut", dnr="SN 2025/2", body=[
            "Socialnämnden beslutar att godkänna anmälan av delegationsbeslut för april 2025."]),
    ]
    pdf_items(pdf, items, body_x=40, num_x=15, title_x=40, num_fmt="SN {n}", dnr_mode="right",
              dnr_x=150)
    pdf_anslag(pdf, [
        ("Organ", "Socialnämnden"),
        ("Sammanträdesdatum", "2025-05-20"),
        ("Anslaget sätts upp", "2025-05-27"),
        ("Anslaget tas ned", "2025-06-18"),
        ("Förvaringsplats", "Socialkontoret, Kvarnby"),
    ])
    pdf.output(str(OUT / "p02_sn_kvarnby_prefix_dnr_hoger.pdf"))


# --------------------------------------------------------------------------
# p03 – Samordningsförbund: numbers without § in the margin
# --------------------------------------------------------------------------


def make_p03():
    cfg = dict(org="SAMORDNINGSFÖRBUNDET NORRA LJUNGMARK", doc_label="Protokoll",
               header_body="Styrelsen", header_date="2024-11-29",
               page_fmt=lambda p: f"{p} ({{nb}})", num_x=20, forts=False,
               footer="text")
    pdf = new_pdf(cfg)
    pdf.set_font("DejaVu", "B", 13)
    pdf.multi_cell(0, 7, "Protokoll från sammanträde med styrelsen för Samordningsförbundet Norra Ljungmark",
                   new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf_header_table(pdf, [
        ("Organ", "Styrelsen för Samordningsförbundet Norra Ljungmark"),
        ("Tid", "Fredagen den 29 november 2024, kl. 09.00–11.30"),
        ("Plats", "Förbundets kansli, Järnvägsgatan 4, Ljungby Norra"),
        ("Ledamöter", "Ewa Granlund, Ljungmarks kommun, ordförande\nHenrik Tapper, Region Västmark, vice ordförande\n"
                      "Cecilia Moström, Försäkringskassan\nRobert Aho, Arbetsförmedlingen"),
        ("Övriga", "Maria Kling, förbundschef\nDavid Ström, ekonom, punkt 16"),
        ("Justerare", "Henrik Tapper"),
        ("Paragrafer", "14–20"),
    ], label_w=35)
    pdf.ln(3)
    items = [
        dict(n=14, title="Val av justerare", body=[
            "Styrelsen beslutar att utse Henrik Tapper att justera protokollet."]),
        dict(n=15, title="Godkännande av dagordning", body=["Dagordningen godkänns."]),
        dict(n=16, title="Verksamhetsplan och budget 2025", dnr="Dnr 2024/31", body=[
            "Förbundschefen och ekonomen redovisar förslag till verksamhetsplan och budget för 2025. "
            "Medlemsbidragen uppgår till 5 200 000 kronor, varav staten genom Försäkringskassan bidrar "
            "med hälften, regionen med en fjärdedel och kommunen med en fjärdedel, i enlighet med "
            "9 § lagen (2003:1210) om finansiell samordning av rehabiliteringsinsatser.",
            "Styrelsen beslutar att\n1. fastställa verksamhetsplan och budget för 2025,\n"
            "2. överlämna verksamhetsplanen till medlemmarna för kännedom."]),
        dict(n=17, title="Uppföljning av projektet Hälsosteget", dnr="Dnr 2024/18", body=[
            "Hälsosteget riktar sig till personer som har varit sjukskrivna i mer än 180 dagar. Under "
            "2024 har 58 personer deltagit; 21 har återgått i arbete helt eller delvis.",
            "Styrelsen beslutar att notera uppföljningen."]),
        dict(n=18, title="Revidering av attestordning", dnr="Dnr 2024/35", body=[
            "Attestordningen revideras med anledning av att förbundet byter ekonomisystem.",
            "Styrelsen beslutar att anta reviderad attestordning att gälla från 2025-01-01."]),
        dict(n=19, title="Förbundschefen informerar", body=[
            "Förbundschefen informerar om den nationella konferensen för samordningsförbund och om "
            "planerad utvärdering av förbundets insatser 2025."]),
        dict(n=20, title="Nästa sammanträde", body=[
            "Nästa sammanträde hålls fredagen den 14 februari 2025."]),
    ]
    pdf_items(pdf, items, body_x=35, num_x=20, title_x=35, num_fmt="{n}")
    pdf.ln(4)
    pdf_signatures(pdf, [("Vid protokollet", "Maria Kling"), ("Ordförande", "Ewa Granlund"),
                         ("Justerare", "Henrik Tapper")])
    pdf.output(str(OUT / "p03_samordningsforbund_ljungmark_utan_paragraf.pdf"))


# --------------------------------------------------------------------------
# p04 – Regionfullmäktige: run-together header, § number at the right margin
# --------------------------------------------------------------------------


def make_p04():
    cfg = dict(org="REGION ÅDALSBOTTEN", doc_label="PROTOKOLL", header_body="Regionfullmäktige",
               header_date="2025-06-17", page_fmt=lambda p: f"{p} ({{nb}})", num_x=15, forts=False)
    pdf = new_pdf(cfg)
    pdf.set_font("DejaVu", "", 10)
    # header run together in one block, as in many older templates
    pdf.multi_cell(0, 5,
        "Regionfullmäktige Tid Tisdagen den 17 juni 2025, kl 09.30–17.10 Plats Regionhuset, "
        "fullmäktigesalen, Åby Beslutande Se bifogad närvaro- och omröstningslista Övriga deltagare "
        "Åsa Berglöf, regiondirektör Kristian Holm, ekonomidirektör Matilda Kron, sekreterare "
        "Justerare Ingela Brant (M) Petter Sandström (S) Justeringens plats och tid Regionhuset, "
        "2025-06-24 Paragrafer §§ 80–88", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf_signatures(pdf, [("Sekreterare", "Matilda Kron"), ("Ordförande", "Gustav Lindahl"),
                         ("Justerare", "Ingela Brant"), ("Justerare", "Petter Sandström")])
    pdf.add_page()
    long_budget = (
        "Regionstyrelsen har överlämnat förslag till regionplan och budget 2026 med plan för "
        "2027–2028. Förslaget bygger på oförändrad skattesats om 11,71 kronor och innebär ett "
        "budgeterat resultat om 142 miljoner kronor för 2026. Nettokostnaderna för hälso- och "
        "sjukvården beräknas till 9 412 miljoner kronor. Investeringsramen uppgår till 1 050 "
        "miljoner kronor, varav 610 miljoner kronor avser ombyggnaden av akutmottagningen vid "
        "Åby sjukhus. ")
    items = [
        dict(n=80, title="Val av justerare samt tid för justering", body=[
            "Regionfullmäktige beslutar att utse Ingela Brant (M) och Petter Sandström (S) att justera "
            "protokollet den 24 juni 2025."]),
        dict(n=81, title="Anmälan av interpellationer och frågor", body=[
            "En interpellation från Maj Forsgren (V) om väntetider på akutmottagningen har inkommit och "
            "besvaras under § 87.",
            "Regionfullmäktige beslutar att interpellationen får ställas."]),
        dict(n=82, title="Årsredovisning 2024 för Region Ådalsbotten", body=[
            "Dnr RS 2025/112",
            "Regionens resultat för 2024 uppgår till −86 miljoner kronor. Balanskravsresultatet är "
            "negativt och ska enligt 11 kap. 12 § kommunallagen återställas inom tre år.",
            "Regionfullmäktige beslutar att\n1. godkänna årsredovisningen för 2024,\n"
            "2. det negativa balanskravsresultatet ska återställas senast 2027."]),
        dict(n=83, title="Revisionsberättelse och ansvarsfrihet för 2024", body=[
            "Revisorerna tillstyrker att fullmäktige beviljar regionstyrelsen, nämnderna och "
            "de enskilda förtroendevalda i dessa organ ansvarsfrihet.",
            "Regionfullmäktige beslutar att bevilja ansvarsfrihet för 2024. Ledamöter som omfattas "
            "av prövningen deltar inte i beslutet, jämför 5 kap. 47 § kommunallagen."]),
        dict(n=84, title="Regionplan och budget 2026 med plan för 2027–2028", body=[
            "Dnr RS 2025/140",
            "## Ärendebeskrivning",
            long_budget * 2,
            "Förslaget innehåller tre särskilda satsningar: utökad bemanning av barn- och "
            "ungdomspsykiatrin, införande av mobila närvårdsteam tillsammans med kommunerna och "
            "en förstärkning av ambulanssjukvården i den norra länsdelen.",
            "## Yrkanden",
            "Gustav Lindahl (S) yrkar bifall till regionstyrelsens förslag.",
            "Ingela Brant (M) yrkar bifall till Moderaternas och Kristdemokraternas budgetförslag.",
            "Maj Forsgren (V) yrkar bifall till Vänsterpartiets budgetförslag.",
            "## Propositionsordning",
            "Ordföranden ställer först Moderaternas och Kristdemokraternas förslag mot "
            "Vänsterpartiets förslag för att utse motförslag. Fullmäktige utser Moderaternas och "
            "Kristdemokraternas förslag till motförslag.",
            "## Omröstning",
            "Omröstning begärs och genomförs. Med 38 ja-röster mot 29 nej-röster, 4 ledamöter "
            "avstår, beslutar fullmäktige enligt regionstyrelsens förslag.",
            "## Beslut",
            "Regionfullmäktige beslutar att\n1. fastställa skattesatsen för 2026 till 11,71 kronor,\n"
            "2. fastställa regionplan och budget 2026 med plan för 2027–2028,\n"
            "3. fastställa investeringsramen till 1 050 miljoner kronor,\n"
            "4. ge regionstyrelsen rätt att under 2026 nyupplåna 400 miljoner kronor,\n"
            "5. uppdra åt nämnderna att senast 2025-11-30 fastställa verksamhetsplaner.",
            "## Reservationer",
            "Ledamöterna för M, KD och V reserverar sig mot beslutet till förmån för egna yrkanden."]),
        dict(n=85, title="Ändring i reglemente för gemensam nämnd för hjälpmedel", body=[
            "Dnr RS 2025/151",
            "Ändringen avser § 6 i reglementet och innebär att antalet ersättare utökas. Motsvarande "
            "beslut fattas av kommunfullmäktige i de samverkande kommunerna.",
            "Regionfullmäktige beslutar att anta ändringen i reglementet att gälla från 2025-09-01."]),
        dict(n=86, title="Svar på motion om avgiftsfri mammografi", body=[
            "Dnr RS 2024/298",
            "Regionfullmäktige beslutar att avslå motionen."]),
        dict(n=87, title="Svar på interpellation om väntetider på akutmottagningen", body=[
            "Regionstyrelsens ordförande besvarar interpellationen. Debatt följer.",
            "Regionfullmäktige beslutar att interpellationen är besvarad."]),
        dict(n=88, title="Anmälan av inkomna motioner", body=[
            "Motion om fler vårdplatser i psykiatrin, från Lars Mörk (SD), och motion om tandvård "
            "för äldre, från Gun Eld (C), har inkommit.",
            "Regionfullmäktige beslutar att remittera motionerna till regionstyrelsen."]),
    ]
    pdf_items(pdf, items, body_x=15, title_x=15, num_right=True)
    pdf_anslag(pdf, [
        ("Organ", "Regionfullmäktige"),
        ("Sammanträdesdatum", "2025-06-17"),
        ("Datum då anslaget sätts upp", "2025-06-25"),
        ("Datum då anslaget tas ned", "2025-07-17"),
        ("Förvaringsplats", "Regionkansliet, Åby"),
    ])
    pdf.output(str(OUT / "p04_regionfullmaktige_adalsbotten_hogerparagraf.pdf"))


# --------------------------------------------------------------------------
# p05 – governing: riktlinje with numbered sections
# --------------------------------------------------------------------------


def make_p05():
    cfg = dict(org="Regionalt samverkansråd Sörlinge", doc_label="RIKTLINJE",
               header_body="Samordnad planering vid utskrivning", header_date="Dnr RSR 2024/3",
               page_fmt=lambda p: f"{p} ({{nb}})", num_x=15, forts=False, footer="none")
    pdf = ProtoPDF(cfg)
    pdf.footer = lambda: None
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 16)
    pdf.multi_cell(0, 8, "Riktlinje för samordnad planering vid utskrivning från sluten hälso- och "
                         "sjukvård i Sörlinge län", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf_header_table(pdf, [
        ("Beslutad av", "Regionalt samverkansråd Sörlinge"),
        ("Beslutsdatum", "2024-03-08"),
        ("Giltig till", "2026-12-31"),
        ("Gäller för", "Region Sörlinge och kommunerna Holmvik, Skärsta, Sörlinge och Vallby"),
        ("Dokumentansvarig", "Samordnare för den regionala stödstrukturen"),
    ])
    pdf.ln(4)
    sections = [
        ("1", "Inledning", None),
        ("1.1", "Syfte", "Riktlinjen syftar till att patienter som skrivs ut från sluten hälso- och "
                         "sjukvård ska få en trygg och säker övergång till fortsatta insatser i hemmet "
                         "eller i annan vårdform."),
        ("1.2", "Målgrupp", "Riktlinjen gäller patienter som efter utskrivning behöver insatser från "
                            "socialtjänsten, den kommunalt finansierade hälso- och sjukvården eller "
                            "den regionfinansierade öppna vården."),
        ("2", "Definitioner", "Utskrivningsklar: den behandlande läkaren har bedömt att patienten inte "
                              "längre behöver vård vid sjukhuset. Fast vårdkontakt: en person som utses "
                              "enligt 6 kap. 2 § patientlagen (2014:821)."),
        ("3", "Ansvar", None),
        ("3.1", "Regionens ansvar", "Den slutna vården ansvarar för att skicka inskrivningsmeddelande "
                                    "inom 24 timmar efter inskrivning enligt 4 kap. 1 § lagen (2017:612) om "
                                    "samverkan vid utskrivning från sluten hälso- och sjukvård."),
        ("3.2", "Kommunens ansvar", "Kommunen ansvarar för att planera de insatser som behövs så att "
                                    "patienten kan lämna sjukhuset senast tre kalenderdagar efter att "
                                    "underrättelse om utskrivningsklar har skickats."),
        ("3.3", "Gemensamt ansvar", "Parterna ansvarar gemensamt för att samordnad individuell plan "
                                    "(SIP) upprättas när patienten behöver insatser från båda huvudmännen."),
        ("4", "Process vid utskrivning", "Processen beskrivs i tre steg. Tidsgränserna anges i "
                                         "kalenderdagar."),
        ("4.1", "Inskrivningsmeddelande", "Meddelandet skickas via det gemensamma IT-stödet och ska "
                                          "innehålla beräknat datum för utskrivning."),
        ("4.2", "Planering", "Planeringen ska utgå från patientens egna önskemål. Vid behov kallar den "
                             "fasta vårdkontakten i öppenvården till SIP-möte inom 14 dagar efter "
                             "utskrivning."),
        ("4.3", "Utskrivning", "Inför utskrivningen ska slutanteckning, läkemedelslista och information "
                               "om fortsatt vård finnas tillgänglig för kommunen."),
        ("5", "Betalningsansvar", "Kommunens betalningsansvar inträder enligt 5 kap. 3 § lagen (2017:612) "
                                  "om samverkan vid utskrivning från sluten hälso- och sjukvård och regleras "
                                  "i länsgemensam överenskommelse. Ersättningen per dygn fastställs årligen."),
        ("6", "Uppföljning", "Riktlinjen följs upp årligen av det regionala samverkansrådet. "
                             "Avvikelser rapporteras i det gemensamma avvikelsesystemet."),
    ]
    filler = (" Respektive huvudman ansvarar för att rutiner finns som stödjer riktlinjen och för att "
              "berörd personal känner till dem.")
    for num, title, text in sections:
        if pdf.get_y() > pdf.h - 38 - 25:
            pdf.add_page()
        pdf.ln(3 if "." in num else 5)
        y = pdf.get_y()
        pdf.set_font("DejaVu", "B", 12 if "." not in num else 11)
        pdf.set_xy(15, y)
        pdf.cell(15, 6, num)
        pdf.set_xy(30, y)
        pdf.multi_cell(165, 6, title, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 10)
        if text:
            pdf.set_left_margin(30)
            pdf.set_x(30)
            pdf.multi_cell(165, 5, text + (filler if num in ("3.2", "4.2", "5") else ""),
                           new_x="LMARGIN", new_y="NEXT")
            pdf.set_left_margin(15)
    pdf.output(str(OUT / "p05_riktlinje_utskrivning_sorlinge.pdf"))


# --------------------------------------------------------------------------
# p06 – Gemensam nämnd, "N §" form in the margin
# --------------------------------------------------------------------------


def make_p06():
    cfg = dict(org="NORRMARKS KOMMUN", doc_label="PROTOKOLL",
               header_body="Gemensamma nämnden för socialjour i Norrmark",
               header_date="Sammanträdesdatum 2025-02-26", page_fmt=lambda p: f"{p} ({{nb}})",
               num_x=15, forts=True, forts_fmt="{n} § (forts.)")
    pdf = new_pdf(cfg)
    pdf_header_table(pdf, [
        ("Plats och tid", "Norrmarks kommunhus, rum Vega, onsdagen den 26 februari 2025 kl. 10.00–11.40"),
        ("Beslutande", "Inger Vallin (S), Norrmark, ordförande\nThomas Gyllen (M), Lindåsa, vice ordförande\n"
                       "Hussein Ali (S), Hästbo\nBerit Lans (C), Ljungmark"),
        ("Övriga deltagare", "Sofie Malm, enhetschef socialjouren\nKlara Berg, sekreterare"),
        ("Utses att justera", "Thomas Gyllen"),
        ("Justeringens plats och tid", "Norrmarks kommunhus 2025-03-04"),
        ("Paragrafer", "5–11 §§"),
    ])
    pdf.ln(2)
    pdf_signatures(pdf, [("Sekreterare", "Klara Berg"), ("Ordförande", "Inger Vallin"),
                         ("Justerande", "Thomas Gyllen")])
    pdf.ln(2)
    items = [
        dict(n=5, title="Val av justerare", body=[
            "Nämnden beslutar att utse Thomas Gyllen (M) att justera protokollet."]),
        dict(n=6, title="Godkännande av föredragningslista", body=[
            "Nämnden beslutar att godkänna föredragningslistan."]),
        dict(n=7, title="Verksamhetsberättelse 2024 för socialjouren", dnr="Dnr GNS 2025/4", body=[
            "## Ärendebeskrivning",
            "Socialjouren har under 2024 hanterat 2 184 ärenden, en ökning med 9 procent jämfört med "
            "2023. Av ärendena avsåg 41 procent barn och unga, 27 procent våld i nära relationer och "
            "14 procent akuta försörjningsbehov. I 63 ärenden har beslut fattats om omedelbart "
            "omhändertagande enligt 6 § LVU eller 13 § LVM, och i samtliga fall har underställning "
            "skett till förvaltningsrätten inom föreskriven tid.",
            "Jouren har under året haft svårt att rekrytera till helgpassen. Två tjänster har tillsatts "
            "med hyrpersonal. Verksamheten redovisar ett underskott om 410 000 kronor, som fördelas "
            "mellan kommunerna enligt samverkansavtalet.",
            "## Beslut",
            "Nämnden beslutar att\n1. godkänna verksamhetsberättelsen för 2024,\n"
            "2. överlämna verksamhetsberättelsen till de samverkande kommunerna."]),
        dict(n=8, title="Avtal om tolktjänster under jourtid", dnr="Dnr GNS 2025/7", body=[
            "Ett nytt ramavtal om tolktjänster har upphandlats gemensamt med Region Västmark. Avtalet "
            "innebär att telefontolk ska kunna tillhandahållas inom 30 minuter dygnet runt.",
            "Nämnden beslutar att ansluta socialjouren till ramavtalet."]),
        dict(n=9, title="Riktlinje för handläggning av akuta ärenden under jourtid", dnr="Dnr GNS 2025/9", body=[
            "## Ärendebeskrivning",
            "Riktlinjen beskriver ansvarsfördelningen mellan socialjouren och kommunernas "
            "dagverksamhet, bland annat vid orosanmälningar enligt 14 kap. 1 § socialtjänstlagen som "
            "inkommer under kvällar och helger. Riktlinjen har stämts av med samtliga socialchefer.",
            "## Yrkanden",
            "Berit Lans (C) yrkar att riktlinjen ska följas upp efter sex månader.",
            "Inger Vallin (S) yrkar bifall till förslaget med Berit Lans tilläggsyrkande.",
            "## Beslut",
            "Nämnden beslutar att\n1. anta riktlinjen för handläggning av akuta ärenden under jourtid,\n"
            "2. riktlinjen ska följas upp efter sex månader."]),
        dict(n=10, title="Uppföljning av internkontroll 2024", dnr="Dnr GNS 2025/2", body=[
            "Uppföljningen visar att rutinen för överlämning till dagverksamheten följs i 94 procent "
            "av ärendena. Kontrollen av behörigheter i verksamhetssystemet har inte genomförts och "
            "flyttas till 2025.",
            "Nämnden beslutar att godkänna uppföljningen."]),
        dict(n=11, title="Meddelanden", body=[
            "Nämnden beslutar att lägga meddelandena till handlingarna."]),
    ]
    pdf_items(pdf, items, body_x=40, num_x=15, title_x=40, num_fmt="{n} §")
    pdf_anslag(pdf, [
        ("Organ", "Gemensamma nämnden för socialjour i Norrmark"),
        ("Sammanträdesdatum", "2025-02-26"),
        ("Datum för anslags uppsättande", "2025-03-05"),
        ("Datum för anslags nedtagande", "2025-03-27"),
        ("Förvaringsplats för protokollet", "Norrmarks kommunhus"),
    ])
    pdf.output(str(OUT / "p06_socialjour_norrmark_n_paragraf.pdf"))


# --------------------------------------------------------------------------
# p07 – clean protocol
# --------------------------------------------------------------------------


def make_p07():
    cfg = dict(org="Region Västmark", doc_label="Protokoll", header_body="Hälso- och sjukvårdsnämnden",
               header_date="2025-01-30", page_fmt=lambda p: f"{p} ({{nb}})", num_x=15, forts=False)
    pdf = new_pdf(cfg)
    pdf.set_font("DejaVu", "B", 14)
    pdf.cell(0, 8, "Hälso- och sjukvårdsnämnden", new_x="LMARGIN", new_y="NEXT")
    pdf_header_table(pdf, [
        ("Plats och tid", "Regionens hus, Västerby, torsdagen den 30 januari 2025 kl. 09.00–12.00"),
        ("Beslutande", "Karin Almqvist (S), ordförande\nJonas Brink (C), vice ordförande\nEmma Rydh (M)\n"
                       "Sami Koskinen (S)\nLinda Hallberg (SD)\nOskar Pers (V)\nMaud Ek (KD)"),
        ("Övriga deltagare", "Ingrid Lööf, hälso- och sjukvårdsdirektör\nFilip Åhlén, sekreterare"),
        ("Utses att justera", "Jonas Brink"),
        ("Justeringens plats och tid", "Regionens hus 2025-02-04"),
        ("Paragrafer", "1–5"),
    ])
    pdf.ln(2)
    pdf_signatures(pdf, [("Sekreterare", "Filip Åhlén"), ("Ordförande", "Karin Almqvist"),
                         ("Justerande", "Jonas Brink")])
    pdf.add_page()
    items = [
        dict(n=1, title="Val av justerare", body=[
            "Hälso- och sjukvårdsnämnden beslutar att utse Jonas Brink (C) att justera protokollet."]),
        dict(n=2, title="Fastställande av dagordning", body=[
            "Hälso- och sjukvårdsnämnden beslutar att fastställa dagordningen."]),
        dict(n=3, title="Budget 2025 – fördelning av nämndens ram", dnr="Dnr HSN 2024/390", body=[
            "## Ärendebeskrivning",
            "Regionfullmäktige har fastställt nämndens ram för 2025 till 7 860 miljoner kronor. "
            "Förvaltningen föreslår att ramen fördelas på verksamhetsområden enligt bilaga, med en "
            "särskild satsning om 35 miljoner kronor på nära vård.",
            "## Beslut",
            "Hälso- och sjukvårdsnämnden beslutar att fördela nämndens budgetram för 2025 enligt bilaga."]),
        dict(n=4, title="Uppdrag om nära vård 2025", dnr="Dnr HSN 2025/12", body=[
            "## Ärendebeskrivning",
            "Förvaltningen föreslår att nämnden ger uppdrag om att utveckla mobila närvårdsteam i "
            "samverkan med länets kommuner och att utvärdera de digitala vårdmötena inom primärvården.",
            "## Beslut",
            "Hälso- och sjukvårdsnämnden beslutar att\n1. ge hälso- och sjukvårdsdirektören i uppdrag "
            "att utveckla mobila närvårdsteam,\n2. ge hälso- och sjukvårdsdirektören i uppdrag att "
            "utvärdera de digitala vårdmötena och redovisa resultatet i oktober 2025."]),
        dict(n=5, title="Anmälningsärenden", body=[
            "Hälso- och sjukvårdsnämnden beslutar att lägga anmälningsärendena till handlingarna."]),
    ]
    pdf_items(pdf, items, body_x=40, num_x=15, title_x=40)
    pdf_anslag(pdf, [
        ("Organ", "Hälso- och sjukvårdsnämnden"),
        ("Sammanträdesdatum", "2025-01-30"),
        ("Anslaget sätts upp", "2025-02-05"),
        ("Anslaget tas ned", "2025-02-27"),
        ("Förvaringsplats", "Regionens hus, Västerby"),
    ])
    pdf.output(str(OUT / "p07_hsn_vastmark_ren.pdf"))


# --------------------------------------------------------------------------
# DOCX
# --------------------------------------------------------------------------


def docx_table(doc, rows, style="Table Grid"):
    t = doc.add_table(rows=len(rows), cols=2)
    t.style = style
    for i, (a, b) in enumerate(rows):
        t.cell(i, 0).text = a
        t.cell(i, 1).text = b
        for p in t.cell(i, 0).paragraphs:
            for r in p.runs:
                r.bold = True
    return t


def bold_para(doc, text):
    p = doc.add_paragraph()
    p.add_run(text).bold = True
    return p


def set_header_footer(doc, header_text, footer_text):
    sec = doc.sections[0]
    sec.header.paragraphs[0].text = header_text
    sec.footer.paragraphs[0].text = footer_text


def page_break(doc):
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def make_d01():
    """Clean protocol with real Word headings and a header table."""
    doc = Document()
    set_header_footer(doc, "EKEBY KOMMUN\tPROTOKOLL\tOmsorgsnämnden 2025-01-28",
                      "Justerandes sign\t\tUtdragsbestyrkande")
    doc.add_heading("Omsorgsnämnden", level=1)
    doc.add_paragraph("Sammanträdesprotokoll 2025-01-28")
    docx_table(doc, [
        ("Plats och tid", "Ekeby kommunhus, sal Lärkan, kl. 13.00–15.45"),
        ("Beslutande", "Sonja Berg (S), ordförande\nNiklas Hörberg (M), vice ordförande\nAgnes Pihl (S)\n"
                       "Roland Fager (SD)\nTuva Lindström (C)"),
        ("Övriga deltagare", "Henrik Alm, omsorgschef\nJenny Ros, sekreterare"),
        ("Utses att justera", "Niklas Hörberg"),
        ("Justeringens plats och tid", "Omsorgsförvaltningen 2025-02-03"),
        ("Paragrafer", "§§ 1–6"),
    ])
    doc.add_paragraph()
    items = [
        ("1", "Val av justerare", None, ["Omsorgsnämnden beslutar att utse Niklas Hörberg (M) att justera "
                                         "protokollet."]),
        ("2", "Fastställande av dagordning", None, ["Omsorgsnämnden beslutar att fastställa dagordningen."]),
        ("3", "Verksamhetsplan 2025 för omsorgsförvaltningen", "Dnr ON 2024/201", [
            "H:Ärendebeskrivning",
            "Förvaltningen har tagit fram verksamhetsplan för 2025 utifrån kommunfullmäktiges mål och "
            "nämndens budgetram om 388 miljoner kronor. Planen innehåller bland annat mål om minskad "
            "sjukfrånvaro och ökad kontinuitet i hemtjänsten.",
            "H:Beslutsunderlag",
            "Tjänsteskrivelse 2025-01-14\nVerksamhetsplan 2025",
            "H:Beslut",
            "Omsorgsnämnden beslutar att fastställa verksamhetsplan 2025 för omsorgsförvaltningen."]),
        ("4", "Avgifter för måltider inom äldreomsorgen 2025", "Dnr ON 2024/215", [
            "H:Ärendebeskrivning",
            "Avgiften för helpension i särskilt boende föreslås höjas från 4 150 till 4 290 kronor per "
            "månad. Avgiften för matlåda i ordinärt boende föreslås höjas från 62 till 65 kronor.",
            "H:Beslut",
            "Omsorgsnämnden beslutar att fastställa avgifterna enligt förslaget från och med 2025-03-01."]),
        ("5", "Information om heltidsresan", None, [
            "Omsorgschefen informerar om att andelen heltidsanställda inom omsorgen ökat till 68 procent.",
            "Omsorgsnämnden beslutar att notera informationen."]),
        ("6", "Delegationsbeslut", None, [
            "Omsorgsnämnden beslutar att godkänna redovisningen av delegationsbeslut för december 2024."]),
    ]
    for num, title, dnr, body in items:
        doc.add_heading(f"§ {num} {title}", level=2)
        if dnr:
            doc.add_paragraph(dnr)
        for para in body:
            if para.startswith("H:"):
                doc.add_heading(para[2:], level=3)
            else:
                doc.add_paragraph(para)
    doc.add_paragraph()
    doc.add_paragraph("Vid protokollet\nJenny Ros")
    doc.add_paragraph("Ordförande\nSonja Berg\t\tJusterande\nNiklas Hörberg")
    doc.save(OUT / "d01_omsorgsnamnden_ekeby_rubriker.docx")


def make_d02():
    """Two-column header table, plain paragraphs with bold runs, IFN § prefix."""
    doc = Document()
    set_header_footer(doc, "RUDSJÖ KOMMUN    SAMMANTRÄDESPROTOKOLL    Individ- och familjenämnden    2024-05-15",
                      "Justerandes sign ______    Utdragsbestyrkande ______")
    t = doc.add_table(rows=2, cols=2)
    t.cell(0, 0).text = "RUDSJÖ KOMMUN\nIndivid- och familjenämnden"
    t.cell(0, 1).text = "SAMMANTRÄDESPROTOKOLL\nSammanträdesdatum\n2024-05-15"
    t.cell(1, 0).text = ""
    t.cell(1, 1).text = "Sida 1 (5)"
    doc.add_paragraph()
    docx_table(doc, [
        ("Plats och tid", "Rudsjö kommunhus, sammanträdesrum Gäddan, onsdagen den 15 maj 2024 kl 08.30–12.10"),
        ("Beslutande", "Annika Höglund (S), ordförande\nJan-Erik Sjö (M), vice ordförande\nFrida Nord (S)\n"
                       "Elias Runesson (SD)\nKarin Rapp (C)\nLeila Amini (V)\nStefan Björk (S), tjänstgörande ersättare"),
        ("Övriga deltagare", "Maria Elfving, förvaltningschef\nOla Tidholm, enhetschef, IFN § 37\n"
                             "Sanna Lilja, nämndsekreterare"),
        ("Utses att justera", "Jan-Erik Sjö"),
        ("Justeringens plats och tid", "Individ- och familjeförvaltningen, 2024-05-21"),
        ("Underskrifter", "Sekreterare .................... Sanna Lilja\n"
                          "Ordförande .................... Annika Höglund\n"
                          "Justerande .................... Jan-Erik Sjö"),
        ("Paragrafer", "IFN § 34–40"),
    ])
    doc.add_paragraph()
    bold_para(doc, "ANSLAG/BEVIS")
    doc.add_paragraph("Protokollet är justerat. Justeringen har tillkännagivits genom anslag.")
    docx_table(doc, [
        ("Organ", "Individ- och familjenämnden"),
        ("Sammanträdesdatum", "2024-05-15"),
        ("Datum då anslaget sätts upp", "2024-05-22"),
        ("Datum då anslaget tas ned", "2024-06-13"),
        ("Förvaringsplats för protokollet", "Individ- och familjeförvaltningen"),
    ])
    page_break(doc)
    items = [
        ("34", "Val av justerare", None, False, [
            "Individ- och familjenämnden beslutar att utse Jan-Erik Sjö (M) att justera protokollet."]),
        ("35", "Ekonomisk rapport april 2024", "IFN 2024/45", True, [
            "Ärendebeskrivning",
            "Nämnden prognostiserar ett underskott om 7,2 miljoner kronor för 2024. Kostnaderna för "
            "institutionsplaceringar enligt LVU har ökat kraftigt under våren.",
            "Individ- och familjenämnden beslutar att godkänna den ekonomiska rapporten."]),
        ("36", "Lokal handlingsplan mot spelmissbruk", "IFN 2024/52", False, [
            "Ärendebeskrivning",
            "Handlingsplanen har tagits fram i samverkan med folkhälsoenheten. Socialtjänsten ska "
            "enligt 3 kap. 7 § socialtjänstlagen arbeta för att förebygga och motverka missbruk av "
            "spel om pengar. Planen omfattar följande delar:",
            "1. Kartläggning av spelproblem bland unga vuxna.",
            "2. Utbildning för personal inom försörjningsstöd och skuldrådgivning.",
            "3. Samverkan med beroendemottagningen i Region Västmark.",
            "Individ- och familjenämnden beslutar att",
            "1. anta lokal handlingsplan mot spelmissbruk,",
            "2. uppdra åt förvaltningschefen att följa upp planen i verksamhetsberättelsen för 2024."]),
        ("37", "Placeringar av barn och unga – uppföljning", "IFN 2024/8", True, [
            "Ärendebeskrivning",
            "Enhetschef Ola Tidholm redovisar att 34 barn och unga var placerade den 30 april 2024, "
            "varav 9 i hem för vård eller boende. Genomsnittlig placeringstid är 14 månader.",
            "Individ- och familjenämnden beslutar att notera redovisningen."]),
        ("38", "Yttrande över revisionsrapport om barnavårdsutredningar", "IFN 2024/61", True, [
            "Ärendebeskrivning",
            "Revisorerna har granskat om nämnden säkerställer att utredningar enligt 11 kap. 1 § "
            "socialtjänstlagen slutförs inom fyra månader, se 11 kap. 2 § samma lag. Granskningen "
            "visar att 22 procent av utredningarna överskred tidsgränsen under 2023.",
            "Yrkanden",
            "Elias Runesson (SD) yrkar att yttrandet ska kompletteras med en tidsplan för åtgärderna.",
            "Annika Höglund (S) yrkar bifall till förvaltningens förslag.",
            "Propositionsordning",
            "Ordföranden ställer proposition på förslagen och finner att nämnden beslutar enligt "
            "förvaltningens förslag.",
            "Individ- och familjenämnden beslutar att avge yttrande till revisorerna enligt förvaltningens förslag.",
            "Reservation",
            "Elias Runesson (SD) reserverar sig mot beslutet."]),
        ("39", "Val av ersättare i individutskottet", None, False, [
            "Individ- och familjenämnden beslutar att välja Stefan Björk (S) till ersättare i "
            "individutskottet efter Maj Ek (S), som entledigats av kommunfullmäktige, KF § 52/2024."]),
        ("40", "Delegationsbeslut och meddelanden", None, False, [
            "Individ- och familjenämnden beslutar att lägga redovisningen till handlingarna."]),
    ]
    for num, title, dnr, margin_dnr, body in items:
        if margin_dnr:
            # margin layout: number and Dnr on one line, title below
            p = doc.add_paragraph()
            p.add_run(f"IFN § {num}").bold = True
            p.add_run(f"\tDnr {dnr}")
            bold_para(doc, title)
        else:
            p = doc.add_paragraph()
            p.add_run(f"IFN § {num}\t{title}").bold = True
            if dnr:
                doc.add_paragraph(f"Dnr {dnr}")
        for para in body:
            if para in ("Ärendebeskrivning", "Yrkanden", "Propositionsordning", "Reservation"):
                p = doc.add_paragraph()
                p.add_run(para).italic = True
            else:
                doc.add_paragraph(para)
        doc.add_paragraph()
    doc.save(OUT / "d02_ifn_rudsjo_tabellhuvud.docx")


def make_d03():
    """Governing: delegationsordning with Heading 1/2 numbered sections and tables."""
    doc = Document()
    set_header_footer(doc, "Region Ådalsbotten – Delegationsordning för hälso- och sjukvårdsnämnden",
                      "Dnr HSN 2024/512")
    doc.add_heading("Delegationsordning för hälso- och sjukvårdsnämnden", level=0)
    docx_table(doc, [
        ("Beslutad av", "Hälso- och sjukvårdsnämnden"),
        ("Beslutsdatum", "2025-01-29, § 8"),
        ("Ersätter", "Delegationsordning beslutad 2023-02-01, § 14"),
        ("Dokumentansvarig", "Nämndsekreterare"),
    ])
    doc.add_paragraph()
    doc.add_heading("1 Inledning", level=1)
    doc.add_paragraph("Hälso- och sjukvårdsnämnden får enligt 6 kap. 37 § kommunallagen (2017:725) "
                      "delegera beslutanderätt till presidiet, ett utskott, en ledamot eller ersättare "
                      "eller en anställd i regionen.")
    doc.add_heading("1.1 Lagstöd och begränsningar", level=2)
    doc.add_paragraph("Ärenden som avses i 6 kap. 38 § kommunallagen får inte delegeras, till exempel "
                      "ärenden som avser verksamhetens mål, inriktning, omfattning eller kvalitet.")
    doc.add_heading("1.2 Anmälan av delegationsbeslut", level=2)
    doc.add_paragraph("Beslut som fattats med stöd av delegation ska anmälas till nämnden vid nästa "
                      "sammanträde. Anmälan sker genom förteckning.")
    doc.add_heading("1.3 Brådskande ärenden", level=2)
    doc.add_paragraph("Nämndens ordförande får besluta i ärenden som är så brådskande att nämndens "
                      "avgörande inte kan avvaktas, enligt 6 kap. 39 § kommunallagen.")
    doc.add_heading("2 Ekonomi och upphandling", level=1)
    doc.add_heading("2.1 Attest och utanordning", level=2)
    doc.add_paragraph("Attesträtt regleras i regionens attestreglemente.")
    doc.add_heading("2.2 Upphandling", level=2)
    t = doc.add_table(rows=4, cols=3)
    t.style = "Table Grid"
    for i, row in enumerate([("Ärende", "Delegat", "Anmärkning"),
                             ("Upphandling upp till 700 000 kronor", "Verksamhetschef", ""),
                             ("Upphandling upp till 5 miljoner kronor", "Hälso- och sjukvårdsdirektör", ""),
                             ("Upphandling över 5 miljoner kronor", "Nämndens presidium", "Samråd med upphandlingschef")]):
        for j, v in enumerate(row):
            t.cell(i, j).text = v
    doc.add_heading("3 Hälso- och sjukvård", level=1)
    doc.add_heading("3.1 Patientavgifter", level=2)
    doc.add_paragraph("Beslut om nedsättning eller befrielse från patientavgift i enskilt fall "
                      "delegeras till verksamhetschef.")
    doc.add_heading("3.2 Vårdgaranti och vård i annan region", level=2)
    t = doc.add_table(rows=3, cols=3)
    t.style = "Table Grid"
    for i, row in enumerate([("Ärende", "Lagrum", "Delegat"),
                             ("Beslut om vård hos annan vårdgivare", "9 kap. 2 § HSL", "Verksamhetschef"),
                             ("Beslut om planerad vård utomlands", "4 kap. 1 § lagen (2013:513)",
                              "Chefläkare")]):
        for j, v in enumerate(row):
            t.cell(i, j).text = v
    doc.add_heading("3.3 Yttranden", level=2)
    doc.add_paragraph("Yttranden till IVO, Socialstyrelsen och patientnämnden i enskilda ärenden "
                      "delegeras till chefläkare.")
    doc.add_heading("4 Personal", level=1)
    doc.add_paragraph("Beslut i personalfrågor delegeras enligt regionstyrelsens delegationsordning.")
    doc.add_heading("Bilaga – Förkortningar", level=1)
    doc.add_paragraph("HSL – hälso- och sjukvårdslagen (2017:30)\nKL – kommunallagen (2017:725)\n"
                      "IVO – Inspektionen för vård och omsorg")
    doc.save(OUT / "d03_delegationsordning_hsn_adalsbotten.docx")


def make_d04():
    """Plain paragraphs converted from PDF: run-together header, inline page headers, Forts."""
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(10)
    P = doc.add_paragraph
    P("Region Ådalsbotten PROTOKOLL 1 (5)")
    P("Primärvårdsnämnden Tid Onsdagen den 9 april 2025, kl 09.00–12.30 Plats Regionhuset, sal Kronan, Åby "
      "Beslutande Eva Lundmark (S), ordförande, Göran Vikström (M), vice ordförande, Ibrahim Demir (S), "
      "Maria Olofsson (C), Kent Bylund (SD), Helena Rask (V), Per Hägg (L) Övriga deltagare Annelie Storm, "
      "primärvårdsdirektör, Mikael Sund, controller, §§ 77–78, Ida Karlberg, sekreterare Justerare "
      "Göran Vikström Justeringens plats och tid Regionhuset 2025-04-15 Paragrafer §§ 75–81")
    P("Underskrifter Sekreterare ....................... Ida Karlberg Ordförande ....................... "
      "Eva Lundmark Justerare ....................... Göran Vikström")
    P("Bevis om anslag: Protokollet är justerat och anslaget på regionens digitala anslagstavla "
      "2025-04-16. Sista dag för överklagande är 2025-05-07.")
    P("Justerandes sign Utdragsbestyrkande")
    P("Region Ådalsbotten PROTOKOLL 2 (5) Primärvårdsnämnden 2025-04-09")
    P("§ 75\tVal av justerare")
    P("Primärvårdsnämnden beslutar att utse Göran Vikström (M) att justera protokollet.")
    P("§ 76\tGodkännande av dagordning")
    P("Primärvårdsnämnden beslutar att godkänna dagordningen.")
    P("§ 77\tTillgänglighet i primärvården, första kvartalet 2025")
    P("Dnr PVN 2025/66")
    P("Ärendebeskrivning")
    P("Förvaltningen redovisar att 84 procent av patienterna som sökte en hälsocentral under första "
      "kvartalet fick kontakt samma dag, och att 62 procent fick en medicinsk bedömning inom tre dagar. "
      "Målet enligt den nationella vårdgarantin i 9 kap. 1 § hälso- och sjukvårdslagen är att en "
      "bedömning ska göras inom tre dagar. Tillgängligheten varierar kraftigt mellan hälsocentralerna; "
      "lägst var den vid Norra Åby hälsocentral, där endast 41 procent fick en bedömning inom tre dagar.")
    P("Justerandes sign Utdragsbestyrkande")
    P("Region Ådalsbotten PROTOKOLL 3 (5) Primärvårdsnämnden 2025-04-09")
    P("Forts. § 77")
    P("Förvaltningen föreslår att nämnden uppdrar åt primärvårdsdirektören att ta fram en åtgärdsplan "
      "för hälsocentraler med låg tillgänglighet.")
    P("Primärvårdsnämnden beslutar att")
    P("1. godkänna redovisningen,")
    P("2. uppdra åt primärvårdsdirektören att ta fram en åtgärdsplan till sammanträdet i juni 2025.")
    P("§ 78\tErsättning för hembesök av distriktssköterska")
    P("Dnr PVN 2025/71")
    P("Ärendebeskrivning")
    P("Förvaltningen föreslår att ersättningen till hälsocentraler i vårdvalet för hembesök av "
      "distriktssköterska höjs från 620 till 700 kronor per besök från och med 2025-07-01.")
    P("Primärvårdsnämnden beslutar att höja ersättningen enligt förvaltningens förslag.")
    P("§ 79\tLokalisering av ny hälsocentral i Norra Åby")
    P("Dnr PVN 2025/40")
    P("Ärendebeskrivning")
    P("Regionstyrelsen beslutade under hösten 2024 (RS §§ 201–214/2024) om lokalförsörjningsplan för "
      "2025–2030. Planen förutsätter att en ny hälsocentral uppförs i Norra Åby. Två alternativa tomter "
      "har utretts: Kvarnbacken och Stationsområdet.")
    P("Justerandes sign Utdragsbestyrkande")
    P("Region Ådalsbotten PROTOKOLL 4 (5) Primärvårdsnämnden 2025-04-09")
    P("Forts. § 79")
    P("Yrkanden")
    P("Göran Vikström (M) yrkar att hälsocentralen lokaliseras till Stationsområdet. Eva Lundmark (S) "
      "yrkar att hälsocentralen lokaliseras till Kvarnbacken.")
    P("Omröstning")
    P("Omröstning begärs. Ja-röst för Eva Lundmarks yrkande, nej-röst för Göran Vikströms yrkande. "
      "Med 4 ja-röster mot 3 nej-röster beslutar nämnden enligt Eva Lundmarks yrkande.")
    P("Primärvårdsnämnden föreslår regionstyrelsen besluta att den nya hälsocentralen i Norra Åby "
      "lokaliseras till Kvarnbacken.")
    P("Reservation")
    P("Göran Vikström (M), Kent Bylund (SD) och Per Hägg (L) reserverar sig mot beslutet.")
    P("§ 80\tRapport från patientnämnden")
    P("Patientnämndens kansli rapporterar att 112 klagomål rörande primärvården har inkommit under "
      "första kvartalet, flest avseende bemötande och tillgänglighet per telefon.")
    P("Primärvårdsnämnden beslutar att notera rapporten.")
    P("Justerandes sign Utdragsbestyrkande")
    P("Region Ådalsbotten PROTOKOLL 5 (5) Primärvårdsnämnden 2025-04-09")
    P("§ 81\tAnmälningsärenden")
    P("Primärvårdsnämnden beslutar att lägga anmälningsärendena till handlingarna.")
    P("Justerandes sign Utdragsbestyrkande")
    doc.save(OUT / "d04_primarvardsnamnden_styckeformat.docx")


def make_d05():
    """Governing: reglemente, '§ N' sections as Heading 2, group headings as Heading 1."""
    doc = Document()
    set_header_footer(doc, "Region Ådalsbotten\tReglemente", "Antaget av regionfullmäktige 2024-06-18, § 77")
    doc.add_heading("Reglemente för gemensam nämnd för hjälpmedel i Ådalsbotten", level=0)
    doc.add_paragraph("Antaget av regionfullmäktige 2024-06-18, § 77. Gäller från 2025-01-01.")
    doc.add_paragraph("Region Ådalsbotten och kommunerna Åby, Norrvalla och Sandbäck har kommit överens "
                      "om att från och med den 1 januari 2025 inrätta en gemensam nämnd för hjälpmedel "
                      "enligt 9 kap. 19–36 §§ kommunallagen (2017:725).")
    sections = [
        ("Inledande bestämmelser", [
            ("1", "Samverkande parter", "Parter i den gemensamma nämnden är Region Ådalsbotten och "
                                        "kommunerna Åby, Norrvalla och Sandbäck."),
            ("2", "Värdhuvudman", "Region Ådalsbotten är värdhuvudman. Nämnden ingår i regionens "
                                  "organisation."),
        ]),
        ("Nämndens uppgifter", [
            ("3", "Ansvarsområde", "Nämnden ansvarar för förskrivning, inköp, utlämning, underhåll och "
                                   "återtagande av hjälpmedel för personer med funktionsnedsättning."),
            ("4", "Särskilda uppdrag", "Nämnden ska\n1. fastställa sortiment och prislista,\n"
                                       "2. ge ut riktlinjer för förskrivning,\n"
                                       "3. följa upp verksamhetens kvalitet och kostnader."),
            ("5", "Delegering", "Nämnden får delegera beslutanderätt i den omfattning som följer av "
                                "6 kap. 37–40 §§ kommunallagen."),
        ]),
        ("Organisation och arbetsformer", [
            ("6", "Sammansättning", "Nämnden består av fyra ledamöter och fyra ersättare. Varje part "
                                    "väljer en ledamot och en ersättare."),
            ("7", "Ordförande", "Ordföranden väljs bland de ledamöter som valts av värdhuvudmannen. "
                                "Vice ordförande väljs bland övriga ledamöter."),
            ("8", "Sammanträden", "Nämnden sammanträder minst fyra gånger per år. Kallelse ska skickas "
                                  "senast sju dagar före sammanträdet."),
            ("9", "Justering", "Protokollet justeras av ordföranden och en ledamot senast 14 dagar efter "
                               "sammanträdet."),
        ]),
        ("Ekonomi", [
            ("10", "Kostnadsfördelning", "Kostnaderna fördelas mellan parterna enligt samverkansavtalet."),
            ("11", "Budget", "Nämnden lämnar förslag till budget till parterna senast den 30 april året "
                             "före budgetåret."),
            ("12", "Uppföljning och revision", "Nämnden ska två gånger per år redovisa till parterna "
                                               "hur verksamheten utvecklas. Nämnden granskas av "
                                               "revisorerna i var och en av parterna."),
        ]),
    ]
    for group, secs in sections:
        doc.add_heading(group, level=1)
        for num, title, text in secs:
            doc.add_heading(f"§ {num} {title}", level=2)
            for line in text.split("\n"):
                doc.add_paragraph(line)
    doc.save(OUT / "d05_reglemente_gemensam_hjalpmedel.docx")


def main():
    for f in (make_p01, make_p02, make_p03, make_p04, make_p05, make_p06, make_p07,
              make_d01, make_d02, make_d03, make_d04, make_d05):
        f()
        print("ok", f.__name__)


if __name__ == "__main__":
    main()
