"""Svenska texter. Nycklarna är desamma i texts/en.py; {namn} fylls i av boten."""

TEXTS: dict[str, str] = {
    # Välkomst och fel
    "welcome.greeting": "Hej {name}!",
    "welcome.greeting_plain": "Hej!",
    "welcome.body": (
        "Jag är **Kvalitetslotsen**. Med mig gör du enhetens självvärdering av kvalitetsfaktorerna – ett kort "
        "per perspektiv – och du kan pausa och fortsätta när det passar dig. Du kan också beställa utbildning "
        "eller stöd från kvalitetsteamet. Skriv **hjälp** när du vill veta mer."
    ),
    "welcome.privacy_title": "**Om dina personuppgifter**",
    "welcome.stored": (
        "Jag sparar ditt namn och ditt Teams-id, vilka enheter du gör självvärderingar för, de svar du lämnar "
        "och dina beställningar."
    ),
    "welcome.privacy_link": "[Så behandlar kommunen personuppgifter]({url})",
    "error.generic": (
        "Tyvärr uppstod ett tekniskt fel. Det du redan har sparat finns kvar. Skriv **meny** för att fortsätta."
    ),
    # Antal: ordet i rätt form, ett för 1 och ett för alla andra tal (Texts.count)
    "count.action.one": "{count} åtgärd",
    "count.action.other": "{count} åtgärder",
    "count.card.one": "{count} kort",
    "count.card.other": "{count} kort",
    "count.day.one": "{count} dag",
    "count.day.other": "{count} dagar",
    "count.factor.one": "{count} faktor",
    "count.factor.other": "{count} faktorer",
    "count.minute.one": "{count} minut",
    "count.minute.other": "{count} minuter",
    "count.month.one": "{count} månad",
    "count.month.other": "{count} månader",
    "count.period.one": "{count} period",
    "count.period.other": "{count} perioder",
    "count.perspective.one": "{count} perspektiv",
    "count.perspective.other": "{count} perspektiv",
    "count.request.one": "{count} ärende",
    "count.request.other": "{count} ärenden",
    "count.unit.one": "{count} enhet",
    "count.unit.other": "{count} enheter",
    # Meny och hjälp
    "menu.title": "Vad vill du göra?",
    "menu.unit": "Enhet: {unit}",
    "menu.no_unit": "Du har inte valt någon enhet ännu.",
    "menu.assessment": "Självvärdering",
    "menu.change_unit": "Byt enhet",
    "menu.help": "Hjälp",
    "menu.open": "Till menyn",
    "menu.hint": "Välj i menyn ovan, eller skriv till exempel **självvärdering** eller **hjälp**.",
    "talk.thanks": "Varsågod! Skriv **meny** när du vill något mer.",
    "talk.not_understood": "Det förstod jag inte riktigt. Välj i menyn, eller tryck på ett av förslagen.",
    "talk.channel_only": (
        "**rapport**, **export**, **ärenden**, **påminn** och **koppla kanal** är kvalitetsteamets kommandon. "
        "De fungerar i teamets kopplade kanal: skriv till exempel **@Kvalitetslotsen rapport** där. Här ser du "
        "dina egna ärenden med **mina ärenden** och enhetens resultat med **mina resultat**."
    ),
    "main.cancelled": "Avbrutet. Det du redan har sparat finns kvar.",
    "main.nothing_to_cancel": "Det finns inget pågående att avbryta.",
    "help.title": "Så här fungerar Kvalitetslotsen",
    "help.intro": (
        "Du bedömer hur väl enheten uppfyller kommunens kvalitetsfaktorer i fyra perspektiv. Varje faktor "
        "bedömer du på skalan {lowest}–{highest}, från ”{lowest_label}” till ”{highest_label}”, eller som "
        "”{not_applicable}”. Du kan också skriva en kommentar och en förbättringsidé. De här orden kan du "
        "skriva när som helst:"
    ),
    "help.command.menu": "meny",
    "help.command.assessment": "självvärdering",
    "help.command.change_unit": "byt enhet",
    "help.command.cancel": "avbryt",
    "help.command.help": "hjälp",
    "help.explain.menu": "visar menyn",
    "help.explain.assessment": "startar eller fortsätter enhetens självvärdering",
    "help.explain.change_unit": "väljer en annan enhet",
    "help.explain.cancel": "avbryter det du håller på med",
    "help.explain.help": "visar den här hjälpen",
    "help.saving": (
        "Dina svar sparas efter varje kort, så du kan sluta när du vill och fortsätta senare – även i mobilen "
        "eller på en annan dator. När du skickar in sparas självvärderingen som slutlig."
    ),
    "prompt.use_card": "Fyll i kortet ovan och tryck på knappen. Du kan också skriva **meny** eller **avbryt**.",
    "prompt.stale_card": (
        "Det kortet gäller inte längre. Använd det senaste kortet, eller skriv **meny** för att börja om."
    ),
    "channel.personal_only": (
        "Självvärderingar gör du i en personlig chatt med mig: öppna Kvalitetslotsen under Appar i Teams."
    ),
    "channel.installed": (
        "Hej! Jag är Kvalitetslotsen. Cheferna gör sina självvärderingar i en personlig chatt med mig."
    ),
    # Enhet
    "units.title": "Välj enhet",
    "units.department_intro": "Vilken förvaltning hör enheten till?",
    "units.department_label": "Förvaltning",
    "units.department_required": "Välj en förvaltning.",
    "units.next": "Nästa",
    "units.own_units": "Eller välj en av dina enheter:",
    "units.unit_label": "Enhet",
    "units.unit_required": "Välj en enhet.",
    "units.choose": "Välj enhet",
    "units.back": "Tillbaka",
    "unit.hint": "Välj i kortet ovan, eller skriv enhetens namn.",
    "unit.unknown_department": "Den förvaltningen finns inte i katalogen. Välj en förvaltning i listan.",
    "unit.unknown_unit": "Den enheten finns inte i katalogen. Välj en enhet i listan.",
    "unit.chosen": "Klart! Vald enhet: **{unit}** ({department}).",
    "unit.several_matches": "Flera enheter passar in: {names}. Skriv hela namnet eller välj i kortet.",
    "unit.no_match": "Jag hittar ingen enhet med det namnet. Välj i kortet ovan.",
    "unit.not_yours": (
        "Du står inte som chef för {unit} i kommunens förteckning, så du kan inte göra självvärdering eller "
        "beställa stöd för den enheten. Välj en av dina enheter."
    ),
    "unit.no_longer_yours": (
        "Du står inte längre som chef för den enheten i kommunens förteckning, så jag har avbrutit. Det som "
        "redan är sparat finns kvar hos enheten. Kontakta kvalitetsteamet om det är fel."
    ),
    "unit.not_listed": (
        "Jag hittar dig inte som chef för någon enhet i {municipality}s förteckning över enhetschefer. "
        "Är det fel? Kontakta kvalitetsteamet, så lägger de till dig."
    ),
    # Självvärdering
    "assessment.choose_unit_first": "Först behöver jag veta vilken enhet självvärderingen gäller.",
    "assessment.intro": (
        "Nu börjar vi självvärderingen för **{unit}**, period {period}. Du får {count}, ett per "
        "perspektiv. Svaren sparas efter varje kort, så du kan pausa när du vill."
    ),
    "assessment.resumed": (
        "Välkommen tillbaka! Du fortsätter med utkastet för **{unit}**, period {period} (senast sparat {date}). "
        "{done} av {count} är klara."
    ),
    "assessment.new_version": (
        "Version {version} är påbörjad. Svaren från den inskickade versionen är ifyllda – ändra det som har förändrats."
    ),
    "assessment.card_subtitle": "{unit} · {period} · perspektiv {number} av {total}",
    "assessment.comment_label": "Kommentar till påstående {number} (valfritt)",
    "assessment.statement": "påstående {number}",
    "assessment.add_comment": "Lägg till kommentar",
    "assessment.rating_placeholder": "Välj ett svar",
    "assessment.missing_header": "Kortet är inte sparat. Välj ett svar för:",
    "assessment.missing_mark": "Välj ett svar",
    "assessment.missing_footer": (
        "Vill du fortsätta senare? Tryck på **Spara utkast**, så sparas det du har fyllt i utan att kortet är klart."
    ),
    "assessment.comment_placeholder": "Högst 1 000 tecken",
    "assessment.idea_label": "Förbättringsidé för perspektivet (valfritt)",
    "assessment.idea_placeholder": "Vad skulle göra skillnad? Högst 2 000 tecken",
    "assessment.save": "Spara och fortsätt",
    "assessment.back": "Tillbaka",
    "assessment.save_draft": "Spara utkast",
    "assessment.draft_saved": (
        "Utkastet är sparat: {answered} av {total} har svar. Fyll i resten när du vill – på kortet ovan, eller "
        "skriv **självvärdering** senare, i mobilen eller på en annan dator."
    ),
    "assessment.saved": "Sparat ({number} av {count}).",
    "assessment.hint": (
        "Fyll i kortet ovan och tryck på **Spara och fortsätt**. Är du inte klar trycker du på **Spara utkast**, "
        "så kan du fortsätta senare."
    ),
    "assessment.not_a_draft": "Den här självvärderingen är redan inskickad och kan inte ändras.",
    "assessment.already_submitted_title": "Redan inskickad",
    "assessment.already_submitted": (
        "Självvärderingen för {unit}, period {period}, är redan inskickad (version {version}, {date}). Vill du "
        "göra en ny version? Den inskickade versionen finns kvar oförändrad."
    ),
    "assessment.start_version": "Starta version {version}",
    "assessment.show_summary": "Visa sammanfattningen",
    # Åtgärdsplan: efter sammanfattningen, Mina åtgärder, påminnelsen och uppföljningen i nästa självvärdering
    "actions.plan_button": "Skriv en åtgärdsplan",
    "actions.plan_title": "Åtgärdsplan – {unit}",
    "actions.plan_intro": (
        "Vad ska ni göra åt de faktorer som fick lägst bedömning? Skriv högst {count}: vad ni ska göra, vem som "
        "ansvarar (en roll går bra, till exempel ”samordnaren”) och när det ska vara klart. Du får en påminnelse "
        "en vecka före sista dagen."
    ),
    "actions.planned_already": "Du har redan skrivit {count} för den här självvärderingen.",
    "actions.number": "Åtgärd {number}",
    "actions.factor_label": "Vilken faktor gäller åtgärd {number}?",
    "actions.factor_placeholder": "Välj faktor",
    "actions.factor_only": "Gäller faktorn: {factor}",
    "actions.what_label": "Vad ska ni göra? (åtgärd {number})",
    "actions.what_placeholder": "Till exempel: Gå igenom rutinen för genomförandeplaner på APT",
    "actions.who_label": "Vem ansvarar? (åtgärd {number})",
    "actions.who_placeholder": "En roll eller ett namn",
    "actions.due_label": "Klart senast (åtgärd {number})",
    "actions.save": "Spara åtgärderna",
    "actions.skip": "Hoppa över",
    "actions.skipped": "Okej, ingen åtgärdsplan den här gången. Du kan skriva en senare med **åtgärdsplan**.",
    "actions.saved": (
        "Sparat: {count}. Du får en påminnelse en vecka före sista dagen, och nästa självvärdering frågar hur det "
        "gick. Skriv **mina åtgärder** för att se dem."
    ),
    "actions.no_weak": "Alla bedömda faktorer har fått högsta bedömningen, så det finns inget att planera för.",
    "actions.full": "Den här självvärderingen har redan {count}, och fler går inte att lägga till.",
    "actions.no_assessment": (
        "Enheten har ingen självvärdering ännu. Gör självvärderingen först, så kan du skriva en åtgärdsplan efter "
        "sammanfattningen."
    ),
    "actions.choose_unit_first": "Välj först vilken enhet åtgärdsplanen gäller.",
    "actions.refused": "Åtgärderna sparades inte:",
    "actions.problem.nothing": "Skriv minst en åtgärd, eller tryck på **Hoppa över**.",
    "actions.problem.too_many": "Du kan skriva högst 3 åtgärder för en självvärdering.",
    "actions.problem.missing.what": "Åtgärd {number}: skriv vad ni ska göra.",
    "actions.problem.missing.who": "Åtgärd {number}: skriv vem som ansvarar.",
    "actions.problem.missing.due": "Åtgärd {number}: välj när den ska vara klar.",
    "actions.problem.missing.factor": "Åtgärd {number}: välj vilken faktor den gäller.",
    "actions.problem.unknown_factor": "Åtgärd {number}: välj en av faktorerna i listan.",
    "actions.problem.wrong_type": "Åtgärd {number}: svaret gick inte att läsa. Fyll i det igen.",
    "actions.problem.too_long": "Åtgärd {number}: texten är för lång. Den får vara högst {limit} tecken.",
    "actions.problem.bad_date": "Åtgärd {number}: datumet gick inte att läsa. Välj ett datum i kalendern.",
    "actions.problem.past": "Åtgärd {number}: dagen har redan varit. Välj i dag eller en senare dag.",
    "actions.problem.too_far": "Åtgärd {number}: välj en dag inom två år.",
    "actions.mine_title": "Mina åtgärder",
    "actions.mine_intro": "Öppna åtgärder för dina enheter: {count}. Tryck på knappen när en åtgärd är klar.",
    "actions.mine_none": (
        "Du har inga öppna åtgärder. Du skriver en åtgärdsplan efter sammanfattningen av en självvärdering."
    ),
    "actions.more": "…och {count} till.",
    "actions.what": "Åtgärd",
    "actions.who": "Ansvarig",
    "actions.due_line": "Klart senast {day}",
    "actions.overdue_line": "Skulle ha varit klart {day}",
    "actions.factor_line": "{unit} · {factor}",
    "actions.mark_done": "Markera som klar",
    "actions.mark_done_named": "Klar: {what}",
    "actions.marked_done": "Bra jobbat! Åtgärden är markerad som klar: {what}",
    "actions.already_done": "Den åtgärden är redan klar.",
    "actions.not_found": "Jag hittar ingen sådan åtgärd för dina enheter. Skriv **mina åtgärder** för att se dem.",
    "actions.reminder_title": "Påminnelse: åtgärd",
    "actions.reminder_body": "Om en vecka, {day}, ska den här åtgärden för {unit} vara klar:",
    "actions.reminder_off_hint": "Vill du inte ha påminnelser? Tryck på ”Sluta påminna mig”.",
    "actions.follow_up_title": "Hur gick åtgärderna? – {perspective}",
    "actions.follow_up_intro": (
        "Förra gången planerade ni {count} för det här perspektivet. Berätta hur det gick innan du bedömer faktorerna."
    ),
    "actions.outcome_label": "Hur gick åtgärd {number}?",
    "actions.outcome_required": "Välj hur det gick.",
    "actions.outcome.done": "Genomförd",
    "actions.outcome.partly": "Delvis genomförd",
    "actions.outcome.not_done": "Inte genomförd",
    "actions.outcome_comment_label": "Kommentar till åtgärd {number} (valfritt)",
    "actions.outcome_comment_placeholder": "Vad hände? Högst 1 000 tecken",
    "actions.follow_up_save": "Spara och fortsätt",
    "actions.follow_up_saved": "Tack! Nu fortsätter vi med perspektivet.",
    "actions.follow_up_problem": "Välj hur varje åtgärd gick. Kommentaren får vara högst 1 000 tecken.",
    "actions.report.title": "Åtgärdsplaner",
    "actions.report.none": "Inga åtgärder är planerade efter den här periodens självvärderingar.",
    "actions.report.line": "{planned} planerade · {done} klara · {overdue} försenade",
    "actions.report.hint": (
        "Åtgärder som cheferna planerade efter periodens självvärderingar. Försenade: inte klara efter sista dagen."
    ),
    "assessment.previous_rating": "Förra gången: {rating}",
    "assessment.previous_rating_reworded": "Förra gången: {rating} (då med en annan formulering)",
    "assessment.previous_new_factor": "Ny faktor sedan förra gången.",
    "assessment.offer_title": "Vill du börja med förra svaren?",
    "assessment.offer_text": (
        "{unit} skickade senast in en självvärdering för {period} (version {version}). Du kan börja med de "
        "bedömningarna ifyllda och ändra det som har förändrats. Kommentarerna följer inte med – skriv nya om du vill."
    ),
    "assessment.offer_changed": "De här faktorerna har ändrats sedan dess, så du bedömer dem på nytt:",
    "assessment.offer_new": "• Ny: {factor}",
    "assessment.offer_reworded": "• Ny formulering: {factor}",
    "assessment.offer_unchanged": "Faktorerna är desamma som förra gången.",
    "assessment.offer_accept": "Börja med förra svaren",
    "assessment.offer_decline": "Börja med tomma svar",
    "assessment.offer_accepted": "Förra svaren är ifyllda. Gå igenom dem och ändra det som har förändrats.",
    "assessment.offer_hint": "Välj på kortet ovan om du vill börja med förra svaren eller med tomma svar.",
    # Sammanfattning
    "summary.title": "Sammanfattning – {unit}",
    "summary.subtitle": "{period} · version {version} · {status}",
    "summary.draft": "utkast",
    "summary.submitted_on": "inskickad {date}",
    "summary.perspective": "Perspektiv",
    "summary.result": "Resultat",
    "summary.change": "Förändring",
    "summary.average": "{average} av {maximum}",
    "summary.no_rating": "Ej aktuellt",
    "summary.first_assessment": "Det här är enhetens första självvärdering, så det finns inget att jämföra med.",
    "summary.weakest_title": "Faktorer med lägst bedömning",
    "summary.factor_comment": "Kommentar",
    "summary.no_weak": "Ingen faktor har fått {threshold} eller lägre.",
    "summary.weakest_rule": "Faktorer som fått {threshold} eller lägre, högst tre.",
    "summary.compared_with": "Förändring jämförs med enhetens förra inskickade självvärdering: {period}.",
    "summary.compared_with_version": (
        "Förändring jämförs med enhetens förra inskickade självvärdering: version {version} av {period}."
    ),
    "summary.none_rated": "Inga faktorer har bedömts på skalan ännu.",
    "summary.ideas": "Förbättringsidéer finns för {count} av {total}.",
    "summary.submit": "Skicka in",
    "summary.edit": "Ändra ett perspektiv",
    "summary.later": "Fortsätt senare",
    "summary.hint": "Tryck på **Skicka in** när du är klar, eller **Fortsätt senare** om du vill vänta.",
    "summary.saved_for_later": (
        "Utkastet är sparat. Skriv **självvärdering** när du vill fortsätta – det går bra i mobilen eller på en "
        "annan dator."
    ),
    "summary.incomplete": "Några faktorer saknar svar. Fyll i dem, så kan du skicka in sedan.",
    "summary.thanks": (
        "Tack! Självvärderingen för **{unit}**, period {period} (version {version}), är inskickad och sparad."
    ),
    # Gruppbedömning: arbetsgruppens anonyma bedömning (chefens kort, kortet i gruppchatten, resultatet)
    "menu.my_actions": "Mina åtgärder",
    "help.command.my_actions": "mina åtgärder",
    "help.explain.my_actions": "visar enhetens åtgärder som inte är klara, och du kan markera dem som klara",
    "help.command.action_plan": "åtgärdsplan",
    "help.explain.action_plan": "skriver en åtgärdsplan för de svagaste faktorerna i den senaste självvärderingen",
    "menu.group_round": "Gruppbedömning",
    "help.command.group_round": "gruppbedömning",
    "help.explain.group_round": "låter arbetsgruppen bedöma samma faktorer anonymt i sin Teams-chatt",
    "summary.group_round": "Bjud in arbetsgruppen",
    "group.choose_unit_first": "Välj först vilken enhet gruppbedömningen gäller.",
    "group.not_yours": "Du är inte chef för den enheten, så du kan inte starta en gruppbedömning för den.",
    "group.title": "Gruppbedömning – {unit}",
    "group.subtitle": "Period {period}",
    "group.promise": (
        "Ditt svar är anonymt: ingen – inte chefen, kvalitetsteamet eller den som läser databasen – kan se vem som "
        "svarade vad. Resultatet visas bara för hela gruppen, när omgången är stängd och minst {minimum} har svarat."
    ),
    "group.start.intro": (
        "Nu kan din arbetsgrupp bedöma samma {count} kvalitetsfaktorer som du, anonymt, i sin egen Teams-chatt. "
        "Du ser gruppens resultat bredvid din egen bedömning när minst {minimum} har svarat."
    ),
    "group.start.how_title": "Så startar du",
    "group.start.how": (
        "1. Öppna arbetsgruppens gruppchatt eller kanal i Teams.\n"
        "2. Lägg till Kvalitetslotsen där: i en gruppchatt väljer du personerna överst och sedan **Appar** och "
        "**Lägg till**; i ett team lägger du till appen under **Appar**.\n"
        "3. Skriv **@Kvalitetslotsen gruppbedömning** i chatten och välj enheten. Om appen redan finns i chatten "
        "börjar du direkt med steg 3."
    ),
    "group.start.members": "Chatten behöver minst {minimum} medlemmar, annars kan resultatet aldrig visas.",
    "group.start.open": (
        "Gruppbedömningen pågår i arbetsgruppens chatt. {answers} har svarat hittills, och sista dagen är {day}. "
        "Du påminner och stänger på kortet i chatten."
    ),
    "group.start.closed": (
        "Gruppbedömningen för perioden är stängd. {answers} svarade. Resultatet finns i **Mina resultat**."
    ),
    "group.pick.title": "Starta en gruppbedömning här",
    "group.pick.intro": ("Välj vilken enhet den här chatten ska bedöma. Alla i chatten får svara en gång, anonymt."),
    "group.pick.button": "{unit}, {period}",
    "group.card.asked": (
        "Hur väl uppfyller {unit} kommunens kvalitetsfaktorer? Bedöm {count} på skalan och svara gärna "
        "på en fråga. Det tar några minuter."
    ),
    "group.card.deadline": "Svara senast {day}.",
    "group.card.count": "Antal svar hittills: {answers}",
    "group.card.answered": "Du har svarat. Tack!",
    "group.card.answer": "Svara",
    "group.card.manager_hint": "Du är chef för enheten: du kan påminna gruppen en gång och stänga omgången.",
    "group.card.remind": "Påminn gruppen",
    "group.card.close": "Stäng omgången nu",
    "group.card.closed": "Omgången är stängd. {answers} svarade. Chefen ser resultatet.",
    "group.form.subtitle": "Ditt eget formulär – bara du ser det",
    "group.form.required": "Välj ett svar, eller Ej aktuellt.",
    "group.form.choose": "Välj",
    "group.form.question": "Vad skulle göra störst skillnad? (valfritt)",
    "group.form.send": "Skicka mitt svar",
    "group.form.back": "Tillbaka",
    "group.form.missing": "Välj ett svar för varje faktor, eller Ej aktuellt. Inget har sparats.",
    "group.form.wrong": "Ett av svaren finns inte på skalan. Välj igen. Inget har sparats.",
    "group.form.too_long": "Texten är för lång. Skriv högst {limit} tecken. Inget har sparats.",
    "group.form.personal_data": "Texten ser ut att innehålla personuppgifter. Inget har sparats.",
    "group.thanks": "Tack! Ditt svar är sparat, utan ditt namn.",
    "group.reminded": "Påminnelsen skickas till chatten nu.",
    "group.closed_now": (
        "Omgången är stängd. Du ser resultatet i **Mina resultat** om minst så många svarade som behövs."
    ),
    "group.reminder": (
        "Påminnelse: svara på gruppbedömningen för {unit} senast {day}. Tryck på **Svara** på kortet ovan."
    ),
    "group.chat.installed": (
        "Hej! Jag är **Kvalitetslotsen**. Här kan arbetsgruppen göra en gruppbedömning: alla bedömer enhetens "
        "kvalitetsfaktorer anonymt. Chefen för enheten startar den genom att skriva **@Kvalitetslotsen "
        "gruppbedömning** här."
    ),
    "group.chat.help": (
        "I den här chatten gör jag gruppbedömningar. Chefen för enheten startar en genom att skriva "
        "**@Kvalitetslotsen gruppbedömning**. Allt annat gör du i din egen chatt med mig."
    ),
    "group.chat.nothing_to_start": (
        "Det finns ingen gruppbedömning som du kan starta här. Välj först **Gruppbedömning** i menyn i din egen "
        "chatt med mig. Bara enhetens chef kan starta den."
    ),
    "group.refused.unknown": (
        "Det här kortet hör inte till någon gruppbedömning som jag känner till. Inget har sparats."
    ),
    "group.refused.wrong_chat": (
        "Det här kortet hör till en gruppbedömning i en annan chatt. Svara i den chatt där kortet lades upp. Inget "
        "har sparats."
    ),
    "group.refused.not_manager": "Bara enhetens chef kan göra det här. Inget har ändrats.",
    "group.refused.closed": "Omgången är stängd, så det går inte att svara längre. Inget har sparats.",
    "group.refused.already_answered": "Du har redan svarat på den här gruppbedömningen. Varje person svarar en gång.",
    "group.refused.already_reminded": "Du har redan påmint gruppen en gång. Det går bara att påminna en gång.",
    "group.refused.already_posted": "Den här gruppbedömningen är redan startad i en chatt.",
    "group.refused.not_member": (
        "Jag kan inte se att du är med i den här chatten, så ditt svar kan inte räknas. Inget har sparats."
    ),
    "group.refused.no_roster": "Jag kunde inte se vilka som är med i chatten. Försök igen om en stund.",
    "group.refused.too_few_members": (
        "Chatten har {members} medlemmar, men resultatet visas bara när minst {minimum} har svarat. Därför kan "
        "resultatet aldrig visas här. Välj en chatt med minst {minimum} medlemmar. Inget har startats."
    ),
    "group.too_few": "för få svar för att visa",
    "group.result.title": "Arbetsgruppens bedömning, {period}",
    "group.result.waiting": "Gruppbedömningen är inte startad i någon chatt ännu.",
    "group.result.open": "Pågår: {answers} har svarat hittills. Resultatet visas när omgången stängs ({day}).",
    "group.result.too_few_why": "Resultatet visas bara när minst {minimum} har svarat, så att ingen kan pekas ut.",
    "group.result.intro": "{answers} svarade. Gruppens snitt och spridning står bredvid din egen bedömning.",
    "group.result.gaps_title": "Störst skillnad mellan gruppen och dig – prata om dem på nästa arbetsplatsträff:",
    "group.result.gap_line": "{factor}: gruppen {group}, du {mine} (skillnad {gap})",
    "group.result.gaps_hint": "Plus betyder att gruppen bedömer högre än du, minus att den bedömer lägre.",
    "group.result.no_own_rating": "Du har inte gjort periodens självvärdering, så det finns inget att jämföra med.",
    "group.result.factor": "Faktor",
    "group.result.group": "Gruppen",
    "group.result.mine": "Du",
    "group.result.average": "{average} (spridning {spread})",
    "group.result.none_rated": "Ej aktuellt",
    "group.result.spread_hint": "Spridning 0 betyder att alla svarade lika; ju högre tal, desto mer olika svar.",
    "group.result.comments_title": "Vad skulle göra störst skillnad? (utan namn, i slumpad ordning)",
    "group.result.no_comments": "Ingen skrev något.",
    "group.result.more_comments": "Ytterligare {count} svar får inte plats här. Långa svar är förkortade.",
    "group.report.title": "Gruppbedömningar",
    "group.report.none": "Ingen enhet har stängt en gruppbedömning för perioden.",
    "group.report.line": "{closed}, {shown} med resultat, snittskillnad {gap}",
    "group.report.hint": (
        "Snittskillnad: hur långt gruppens snitt ligger från chefens bedömning, i genomsnitt per faktor. Enheter "
        "med färre svar än gränsen räknas men ingår inte i snittet."
    ),
    # Fel i kort
    "errors.header": "Jag kunde inte spara kortet:",
    "errors.footer": "Inget från kortet har sparats. Rätta och tryck på **Spara och fortsätt** igen.",
    "errors.rating_missing": "Välj ett svar för ”{factor}”.",
    "errors.score_out_of_scale": "Svaret för ”{factor}” finns inte på skalan. Välj ett av alternativen.",
    "errors.unknown_factor": "Kortet innehöll en kvalitetsfaktor som inte finns i den här självvärderingen ({factor}).",
    "errors.wrong_type.score": "Svaret för ”{factor}” har fel format. Välj ett av alternativen.",
    "errors.wrong_type.comment": "Kommentaren till ”{factor}” har fel format.",
    "errors.wrong_type.idea": "Förbättringsidén har fel format.",
    "errors.too_long.comment": "Kommentaren till ”{factor}” är för lång. Den får vara högst {limit} tecken.",
    "errors.too_long.idea": "Förbättringsidén är för lång. Den får vara högst {limit} tecken.",
    # Stödärenden
    "request.webhook_note": (
        "Kortet kommer hit för att Kvalitetslotsen inte kan skriva i kvalitetsteamets kanal just nu: ingen kanal är "
        "kopplad, eller Teams nekar boten att skriva där. Ärendet är sparat och kortet med knapparna läggs i "
        "kanalen så snart den går att nå. En administratör kopplar kanalen med **@Kvalitetslotsen koppla kanal**."
    ),
    "request.card_title": "{reference} · {offering}",
    "request.card_subtitle": "{unit} · {department}",
    "request.status.new": "Ny",
    "request.status.planned": "Planerad",
    "request.status.closed": "Avslutad",
    "request.status.declined": "Avböjd",
    "request.status.cancelled": "Avbeställd",
    "request.fact.status": "Status",
    "request.fact.manager": "Beställare",
    "request.fact.period": "Önskad period",
    "request.fact.ordered": "Beställd",
    "request.fact.assignee": "Handläggare",
    "request.fact.planned": "Planerad till",
    "request.planned_at": "{date} kl. {time}",
    "request.teams_meeting": "Teams-möte",
    "request.meeting_subject": "{reference} · {offering}",
    "request.fact.need": "Behov",
    "request.unknown": "okänd",
    "request.asap": "Så snart som möjligt",
    "request.urgent": "Brådskande",
    "request.urgency_reason": "Varför det är brådskande",
    "request.fact.priority": "Prioritet",
    "request.priority.urgent": "brådskande",
    "request.priority.normal": "normal",
    "request.from_factor": "Beställd utifrån självvärderingens faktor ”{factor}”.",
    "request.unit.show": "Visa enheten {unit}",
    "request.unit.results": "Senaste inskickade självvärderingen ({period}), medel per perspektiv",
    "request.unit.no_assessment": "Enheten har inte skickat in någon självvärdering ännu.",
    "request.unit.no_rating": "ej aktuellt",
    "request.unit.factor": "Beställd utifrån faktorn ”{factor}”",
    "request.unit.rating": "Chefens betyg: {score} av {maximum}",
    "request.unit.comment": "Chefens kommentar",
    "request.unit.actions": "Öppna åtgärder i enhetens åtgärdsplan",
    "request.unit.action_detail": "ansvarig: {responsible}, klart senast {due}",
    "request.unit.action_overdue": "försenad",
    "request.unit.more_actions": "… och {count} till.",
    "request.unit.earlier": "Enhetens tidigare ärenden",
    "request.unit.no_earlier": "Inga tidigare ärenden.",
    "request.unit.with_follow_up": "{status}, uppföljning {score} av 5",
    "request.history": "Historik",
    "request.next.new": "Nästa steg: ta ärendet. Då får beställaren veta i chatten vem som handlägger det.",
    "request.next.taken": "Nästa steg: planera ett datum. Beställaren får planeringen i chatten.",
    "request.next.planned": (
        "Nästa steg: avsluta ärendet när stödet är genomfört. Beställaren får besked i chatten och sedan en "
        "fråga om stödet hjälpte."
    ),
    "request.next.closed": "Ärendet är avslutat. Här finns inget mer att göra.",
    "request.next.declined": "Ärendet är avböjt. Här finns inget mer att göra.",
    "request.next.cancelled": "Beställaren har avbeställt. Här finns inget mer att göra.",
    "request.event.created": "{actor} beställde stödet",
    "request.event.take": "{actor} tog ärendet",
    "request.event.plan": "{actor} planerade",
    "request.event.comment": "{actor} kommenterade",
    "request.event.note": "{actor} skrev en intern anteckning (syns bara för kvalitetsteamet)",
    "request.event.reply": "{actor} svarade",
    "request.event.add_info": "{actor} lade till information",
    "request.event.correct": "{actor} rättade beställningen",
    "request.event.edit": "{actor} ändrade beställningen",
    "request.event.reopen": "{actor} öppnade ärendet igen",
    "request.corrected.offering": "Stöd",
    "request.corrected.unit": "Enhet",
    "request.corrected.preferred_period": "Önskad period",
    "request.corrected.participants": "Antal deltagare",
    "request.event.close": "{actor} avslutade ärendet",
    "request.event.decline": "{actor} avböjde",
    "request.event.cancel": "{actor} avbeställde",
    "request.event.assign": "{actor} gav ärendet till {assignee}",
    "request.event.give_back": "{actor} lämnade tillbaka ärendet",
    "request.event.priority.urgent": "{actor} markerade ärendet som brådskande",
    "request.event.priority.normal": "{actor} ändrade prioriteten till normal",
    "request.action.take": "Ta ärendet",
    "request.action.take_over": "Ta över ärendet",
    "request.action.plan": "Planera",
    "request.action.save_plan": "Spara planeringen",
    "request.action.book_meeting": "Boka möte",
    "request.action.comment": "Kommentera",
    "request.action.save_comment": "Spara kommentaren",
    "request.action.note": "Intern anteckning",
    "request.action.save_note": "Spara anteckningen",
    "request.action.close": "Avsluta",
    "request.action.confirm_close": "Avsluta ärendet",
    "request.action.decline": "Avböj",
    "request.action.confirm_decline": "Avböj ärendet",
    "request.action.assign": "Tilldela",
    "request.action.reassign": "Ge till någon annan",
    "request.action.confirm_assign": "Tilldela ärendet",
    "request.action.give_back": "Lämna tillbaka",
    "request.action.confirm_give_back": "Lämna tillbaka ärendet",
    "request.action.urgent": "Markera som brådskande",
    "request.action.normal": "Ändra till normal prioritet",
    "request.action.save_priority": "Spara prioriteten",
    "request.action.correct": "Rätta beställningen",
    "request.action.save_correction": "Spara rättelsen",
    "request.action.reopen": "Öppna igen",
    "request.action.confirm_reopen": "Öppna ärendet igen",
    "request.input.date": "Datum",
    "request.input.date_required": "Välj ett datum.",
    "request.input.time": "Tid (valfritt)",
    "request.input.online": "Det blir ett Teams-möte",
    "request.input.place": "Plats, om det inte är ett Teams-möte (valfritt)",
    "request.input.plan_note": "Anteckning till beställaren (valfritt)",
    "request.input.comment": "Kommentar",
    "request.input.note": "Intern anteckning",
    "request.input.note_hint": (
        "Anteckningen syns bara för kvalitetsteamet, här på kortet. Beställaren får inget meddelande om den. "
        "Den hör ändå till ärendet och kan lämnas ut om någon begär det."
    ),
    "request.input.close_note": "Avslutande kommentar (valfritt)",
    "request.input.reason": "Skäl till att ärendet avböjs",
    "request.input.text_required": "Skriv en text.",
    "request.input.assignee": "Vem i kvalitetsteamet ska ta hand om ärendet?",
    "request.input.assignee_placeholder": "Sök på namn",
    "request.input.assignee_required": "Välj en person i kvalitetsteamet.",
    "request.input.assign_note": "Meddelande till kollegan (valfritt)",
    "request.input.give_back_note": "Varför lämnar du tillbaka ärendet? (valfritt)",
    "request.input.priority_reason": "Skäl till ändringen",
    "request.input.correction_reason": "Varför rättar du beställningen?",
    "request.input.reopen_reason": "Varför öppnas ärendet igen?",
    "notify.take": "{actor} i kvalitetsteamet har tagit ditt ärende {reference} ({offering}).",
    "notify.plan": "Ditt ärende {reference} ({offering}) är planerat till {date}.",
    "notify.comment": "{actor} i kvalitetsteamet har kommenterat ditt ärende {reference} ({offering}).",
    "notify.close": "Ditt ärende {reference} ({offering}) är avslutat.",
    "notify.decline": "Kvalitetsteamet har avböjt ditt ärende {reference} ({offering}).",
    "notify.note.plan": "Anteckning",
    "notify.note.comment": "Kommentar",
    "notify.note.close": "Kommentar",
    "notify.note.decline": "Skäl",
    "notify.note.take": "Kommentar",
    "notify.assign": "Ditt ärende {reference} ({offering}) handläggs nu av {assignee} i kvalitetsteamet.",
    "notify.note.assign": "Meddelande",
    "notify.assigned_to_you": "{actor} har gett dig ärendet {reference} ({offering}) för {unit}.",
    "notify.team.assigned_to_you": "Du har fått ärendet {reference} ({offering}) för {unit}.",
    "notify.to_assignee.reply": (
        "{actor} har svarat på kvalitetsteamets kommentar i ärendet {reference} ({offering}) för {unit}."
    ),
    "notify.team.to_assignee.reply": (
        "Beställaren har svarat på kvalitetsteamets kommentar i ärendet {reference} ({offering}) för {unit}."
    ),
    "notify.to_assignee.add_info": "{actor} har lagt till information i ärendet {reference} ({offering}) för {unit}.",
    "notify.team.to_assignee.add_info": (
        "Beställaren har lagt till information i ärendet {reference} ({offering}) för {unit}."
    ),
    "notify.note.reply": "Svar",
    "notify.note.add_info": "Information",
    "notify.to_assignee.edit": "{actor} har ändrat sin beställning {reference} ({offering}) för {unit}.",
    "notify.team.to_assignee.edit": "Beställaren har ändrat beställningen {reference} ({offering}) för {unit}.",
    "notify.note.edit": "Skäl",
    "notify.open_card": "Öppna kortet i kanalen",
    "notify.card_in_channel": "Du hittar kortet i kvalitetsteamets kanal när det har publicerats där.",
    "notify.priority": (
        "{actor} i kvalitetsteamet har ändrat prioriteten för ditt ärende {reference} ({offering}) till {priority}."
    ),
    "notify.note.priority": "Skäl",
    "notify.correct": (
        "{actor} i kvalitetsteamet har rättat din beställning {reference} ({offering}). Skriv **mina "
        "ärenden** för att se den som den är nu."
    ),
    "notify.note.correct": "Skäl",
    "notify.reopen": "{actor} i kvalitetsteamet har öppnat ditt ärende {reference} ({offering}) igen.",
    "notify.note.reopen": "Skäl",
    "channel.help": (
        "I den här kanalen tar kvalitetsteamet emot chefernas beställningar och inskickade självvärderingar. "
        "Skriv till mig med @Kvalitetslotsen och något av: **ärenden** (öppna ärenden; till exempel **ärenden "
        "mina**, **ärenden otilldelade** eller **ärenden brådskande sof**), **rapport** (läget för "
        "perioden, till exempel **rapport 2026-H2 sof**), **export** (Excel- och CSV-filer, till exempel "
        "**export 2026-H2 sof**, **export alla** för alla perioder eller **export 2026-H2 kommentarer** med "
        "chefernas kommentarer), **påminn** (påminner "
        "chefer som inte har skickat in, till exempel **påminn 2026-H2**), **kanal** (vilken "
        "kanal som tar emot korten), **koppla kanal** eller **koppla bort** (administratörer), **ge @namn "
        "kvalitetsteamet** eller **ta bort @namn administratör** (administratörer ger och tar roller). Chefer gör "
        "sina självvärderingar och beställningar i en personlig chatt med mig."
    ),
    "reminder.title": "Påminnelse: självvärdering",
    "reminder.body": (
        "Hej! Självvärderingen för {period} ska vara inskickad senast {ends}. De här enheterna har ännu inte "
        "skickat in sin självvärdering:"
    ),
    "reminder.off_hint": (
        "Har du redan lämnat över till någon annan, eller vill du inte ha påminnelser? Tryck på ”Sluta påminna mig”."
    ),
    "reminder.start": "Gör självvärderingen",
    "reminder.stop": "Sluta påminna mig",
    "reminder.turn_on": "Slå på påminnelser igen",
    "reminder.turned_off": (
        "Klart, du får inga fler påminnelser om självvärderingen. Du kan slå på dem igen här eller genom att "
        "skriva **påminnelser på**."
    ),
    "reminder.turned_on": "Klart, du får påminnelser igen när en självvärdering väntar på dig.",
    "help.command.reminders": "påminnelser av / på",
    "help.explain.reminders": "stänger av eller slår på påminnelserna om självvärderingen",
    "round.title": "Påminnelser om självvärdering {period}",
    "round.queued": "Påminnelser som skickas",
    "round.period_ended": (
        "Sista dagen att skicka in var {ends}, så inga påminnelser skickas. Skriv **påminn** följt av en "
        "period som det fortfarande går att skicka in för."
    ),
    "round.submitted": "Chefer vars enheter redan har skickat in",
    "round.reminded_recently": "Påminda för högst {days} sedan",
    "round.opted_out": "Har stängt av påminnelser",
    "round.unreachable": "Har ingen chatt med Kvalitetslotsen",
    "round.left_for_next_round": "Får vänta till nästa omgång",
    "round.after_hours": "Det är utanför arbetstid, så påminnelserna skickas {day} kl. {time}.",
    "round.pacing": "Påminnelserna skickas i den takt Teams tillåter; det kan ta några minuter.",
    "round.outside_window": (
        "Periodens påminnelser går normalt ut {first}–{last}. Den här omgången skickades på er begäran."
    ),
    "round.so_far": "Hittills för perioden: {sent} skickade, {waiting} väntar, {failed} gick inte fram.",
    "round.unreachable_hint": (
        "Den som inte har någon chatt med Kvalitetslotsen kan inte få påminnelser: be dem öppna appen i Teams "
        "en gång, eller installera den åt dem centralt."
    ),
    "round.unknown_period": "Jag känner inte till perioden ”{asked}”. Perioderna är: {periods}.",
    "report.title": "Rapport {period} – {scope}",
    "report.subtitle": "Självvärderingar och ärenden · {date}",
    "report.whole_municipality": "Hela kommunen",
    "report.coverage_title": "Inskickade självvärderingar",
    "report.coverage_summary": ("{submitted} av {units} har skickat in ({share} %). Utkast på gång: {drafts}."),
    "report.submitted": "Inskickade",
    "report.drafts": "Utkast",
    "report.units_submitted": "Har skickat in: {names}",
    "report.units_draft": "Har ett utkast: {names}",
    "report.units_none": "Har inte påbörjat: {names}",
    "report.units_toggle": "Visa enheterna",
    "report.department": "Förvaltning",
    "report.units": "Enheter",
    "report.results_title": "Resultat per perspektiv",
    "report.results_chart": "Medelvärde per perspektiv och förvaltning",
    "report.perspective": "Perspektiv",
    "report.abbreviations": "Förkortningar: {abbreviations}.",
    "report.no_results": "Ingen enhet har skickat in någon självvärdering för {period} ännu.",
    "report.weakest_title": "Svagaste faktorerna",
    "report.weakest_line": "{average} · {factor} ({perspective}) · {units}",
    "report.trend_title": "Resultat över tid – {scope}",
    "report.trend_intro": "Perioderna {periods}, varje enhets senaste inskickade självvärdering.",
    "report.trend_empty_periods": "Ingen enhet skickade in någon självvärdering för {periods}.",
    "report.trend_not_applicable": (
        "Saknas ett perspektiv en period har alla enheter svarat Ej aktuellt på dess faktorer."
    ),
    "report.trend_none": "Inga inskickade självvärderingar för {periods}.",
    "report.requests_title": "Ärenden",
    "report.no_requests": "Inga beställningar ännu.",
    "report.offering": "Stöd",
    "report.open": "Öppna",
    "report.closed": "Avslutade",
    "report.declined": "Avböjda",
    "report.cancelled": "Avbeställda",
    "report.ages": (
        "Öppna ärenden efter hur länge de har väntat – under 7 dagar: {young}, 7–30 dagar: {middle}, "
        "över 30 dagar: {old}. Det äldsta har väntat {oldest}."
    ),
    "report.ages_none": "Inga öppna ärenden just nu.",
    "report.lead_times": "Tid från beställning (median) – till planerat: {planned}. Till avslutat: {closed}.",
    "report.lead_time": "{days} ({requests})",
    "report.lead_time_none": "inget ärende har kommit så långt ännu",
    "report.unknown_filter": (
        "Jag känner inte igen ”{unknown}”. Skriv till exempel **rapport 2026-H2 sof**. "
        "Perioder: {periods}. Förvaltningar: {departments}."
    ),
    "report.not_here": (
        "Ärendena och rapporten visas bara i kvalitetsteamets kanal. Är det här den kanalen? Då kopplar en "
        "administratör den med **koppla kanal**."
    ),
    "export.title": "Export {period} – {scope}",
    "export.all_periods": "alla perioder",
    "export.intro": (
        "Filer för egen analys i Excel. Självvärderingar: en rad per enhet och faktor ur varje aktiv enhets "
        "senaste inskickade version, med katalogens texter. Ärenden: en rad per ärende som beställdes under "
        "perioden, med datum och ledtider."
    ),
    "export.intro_all": (
        "Filer för egen analys i Excel, med alla perioder. Självvärderingar: en rad per enhet, period och faktor "
        "ur varje aktiv enhets senaste inskickade version i varje period, med katalogens texter. Ärenden: en rad "
        "per ärende, oavsett när det beställdes, med datum och ledtider."
    ),
    "export.unknown_filter": (
        "Jag känner inte igen ”{unknown}”. Skriv till exempel **export 2026-H2 sof** eller **export alla sof**. "
        "Perioder: {periods} – eller **alla** för alla perioder. Förvaltningar: {departments}. Lägg till "
        "**kommentarer** för att få med chefernas kommentarer till faktorerna."
    ),
    "export.limits": (
        "Länkarna fungerar i {minutes}, för den som har dem – dela dem inte. Filerna innehåller inga "
        "fritexter eller namn."
    ),
    "export.with_comments": "med kommentarer",
    "export.comments_intro": (
        "Självvärderingarna har också en kolumn med chefens kommentar till varje faktor, så som den är sparad nu."
    ),
    "export.limits_comments": (
        "Länkarna fungerar i {minutes}, för den som har dem – dela dem inte. Kommentarerna är fritext som kan "
        "nämna personer: spara filen bara där kvalitetsteamet når den, och dela den inte vidare."
    ),
    "export.assessments_xlsx": "Självvärderingar (Excel)",
    "export.assessments_csv": "Självvärderingar (CSV)",
    "export.requests_xlsx": "Ärenden (Excel)",
    "export.requests_csv": "Ärenden (CSV)",
    "export.sheet.assessments": "Självvärderingar",
    "export.sheet.requests": "Ärenden",
    "export.columns.assessments": (
        "förvaltning_nyckel, förvaltning, enhet_nyckel, enhet, period, version, inskickad, katalogversion, "
        "perspektiv_nyckel, perspektiv, faktor_nyckel, faktor, poäng, ej_aktuellt, sluta_göra"
    ),
    "export.columns.requests": (
        "nummer, stöd_nyckel, stöd, status, förvaltning_nyckel, förvaltning, enhet_nyckel, enhet, önskad_period, "
        "beställd, planerad_till, tagen, planerad, avslutad, dagar_till_planerat, dagar_till_avslutat"
    ),
    "export.columns.comments": "kommentar",
    "export.link_invalid": "Länken är ogiltig.",
    "export.link_expired": (
        "Länken har gått ut. Skriv @Kvalitetslotsen export i kvalitetsteamets kanal för att få nya länkar."
    ),
    "export.period_gone": "Perioden {period} finns inte längre i katalogen.",
    "export.unavailable": "Exporten går inte att göra just nu. Försök igen om en stund.",
    "channel.general": "Allmänt",
    "channel.linked": (
        "Klart! Kanalen **{channel}** tar nu emot alla beställningar och inskickade självvärderingar. Kort "
        "som har väntat skickas hit nu."
    ),
    "channel.unlinked": (
        "Kanalen är inte längre kopplad. Nya kort väntar tills en kanal kopplas igen – inget går förlorat."
    ),
    "channel.none_linked": (
        "Ingen kanal är kopplad ännu. En administratör skriver **@Kvalitetslotsen koppla kanal** i den kanal "
        "som ska ta emot korten."
    ),
    "channel.linked_here": "Den här kanalen (**{channel}**) tar emot korten. Kopplad av {by}.",
    "channel.linked_elsewhere": "Korten går till kanalen **{channel}**, inte hit. Kopplad av {by}.",
    "channel.log_in_personal_chat": (
        "Loggen visar vem som har gjort vad och visas därför inte här i kanalen. Är du administratör kan du "
        "skriva **logg** till mig i en personlig chatt, så får du den där, eller **logg export** för hela loggen "
        "som fil."
    ),
    "channel.not_admin": "Bara administratörer kan koppla kanalen. Be någon av dem om hjälp.",
    "channel.no_admins": "Inga administratörer är konfigurerade ännu (ADMIN_IDS), så ingen kan koppla kanalen.",
    "requests.open_title": "Öppna ärenden ({count})",
    "requests.none_open": "Inga öppna ärenden just nu.",
    "requests.nobody": "ingen handläggare",
    "card_action.not_central_team": "Bara kvalitetsteamet kan hantera ärenden. Inget har ändrats.",
    "card_action.not_allowed_now": "Det går inte att göra det med ärendet i den här statusen. Inget har ändrats.",
    "card_action.too_long": "Texten är för lång. Den får vara högst {limit} tecken. Inget har ändrats.",
    "card_action.missing.note": "Skriv en kommentar först. Inget har ändrats.",
    "card_action.missing.reason": "Skriv ett skäl till att ärendet avböjs. Inget har ändrats.",
    "card_action.missing.date": "Välj ett datum först. Inget har ändrats.",
    "card_action.bad_date": "Datumet gick inte att läsa. Välj ett datum i kalendern. Inget har ändrats.",
    "card_action.date_in_past": "Datumet har redan varit. Välj ett datum från i dag och framåt. Inget har ändrats.",
    "card_action.bad_time": "Tiden gick inte att läsa. Skriv den som 09:30. Inget har ändrats.",
    "card_action.not_a_member": (
        "Det går bara att ge ärendet till någon i kvalitetsteamet. Välj en person i teamet. Inget har ändrats."
    ),
    "card_action.already_assigned": "Ärendet har redan den handläggaren. Inget har ändrats.",
    "card_action.missing.assignee": "Välj vem som ska ta hand om ärendet. Inget har ändrats.",
    "card_action.same_priority": "Ärendet har redan den prioriteten. Inget har ändrats.",
    "card_action.missing.priority_reason": "Skriv ett skäl till ändringen av prioriteten. Inget har ändrats.",
    "card_action.missing.correction_reason": "Skriv varför du rättar beställningen. Inget har ändrats.",
    "card_action.missing.participants": "Skriv antalet deltagare som ett heltal. Inget har ändrats.",
    "card_action.missing.reopen_reason": "Skriv varför ärendet öppnas igen. Inget har ändrats.",
    "card_action.reopen_too_late": (
        "Det är för länge sedan ärendet avslutades för att öppna det igen. Be beställaren göra en ny "
        "beställning. Inget har ändrats."
    ),
    "card_action.nothing_changed": "Du har inte ändrat något i beställningen. Inget har ändrats.",
    "card_action.unknown_choice": "Välj bland alternativen i kortet. Inget har ändrats.",
    "card_action.out_of_range": "Antalet deltagare ligger utanför det tillåtna. Inget har ändrats.",
    "card_action.not_your_unit": (
        "Det går bara att flytta ärendet till en enhet som beställaren är chef för. Inget har ändrats."
    ),
    "menu.order": "Beställ stöd",
    "menu.my_requests": "Mina ärenden",
    "menu.my_results": "Mina resultat",
    "help.command.my_results": "mina resultat",
    "help.explain.my_results": "visar enhetens resultat över tid och jämför med förvaltningen och kommunen",
    "results.title": "Mina resultat – {unit}",
    "results.none_yet": (
        "{unit} har inte skickat in någon självvärdering ännu. När den första är inskickad ser du resultatet här."
    ),
    "results.choose_unit_first": "Först behöver jag veta vilken enhet du vill se resultaten för.",
    "results.not_yours": "Du kan bara se resultaten för de enheter du är chef för. Välj en av dina enheter.",
    "results.period": "Period",
    "results.perspective": "Perspektiv",
    "results.y_axis": "Medelvärde",
    "results.over_time": "Resultat per perspektiv, {count}",
    "results.over_time_chart": "Medelvärde per perspektiv och period, på skalan {minimum}–{maximum}",
    "results.moved_title": "Störst förändring",
    "results.only_one": "Det finns bara en inskickad självvärdering, så det finns inget att jämföra med ännu.",
    "results.nothing_moved": "Ingen faktor har fått en annan bedömning sedan {period}.",
    "results.moved_since": "Jämfört med {period}:",
    "results.earlier_version": "version {version} för {period}",
    "results.moved_line": "{change}  {factor} (från {before} till {after})",
    "results.no_value": "saknas",
    "charts.show_table": "Visa som tabell",
    "results.show_over_time_table": "Visa perioderna som tabell",
    "results.show_compare_table": "Visa jämförelsen som tabell",
    "charts.show_table_of": "Visa som tabell: {chart}",
    "a11y.about": "{action} – {subject}",
    "results.catalogue_changed": (
        "Kvalitetsfaktorerna har ändrats sedan dess: {removed} borttagna och {added} nya jämförs inte, "
        "{reworded} med ny formulering jämförs med sin tidigare version."
    ),
    "results.compare_title": "Jämförelse {period}",
    "results.compare_chart": (
        "Enheten jämfört med förvaltningen och kommunen, medelvärde på skalan {minimum}–{maximum}"
    ),
    "results.department_average": "{department}, snitt",
    "results.municipality_average": "Hela kommunen, snitt",
    "results.withheld": (
        "Ett snitt visas först när minst {count} har skickat in, så att ingen enskild enhet kan pekas ut."
    ),
    "results.common_only": "Jämförelsen gäller de gemensamma faktorerna, som alla enheter har.",
    "results.type_title": "Faktorerna för {type}",
    "results.type_intro": "Bara enheter av typen {type} har de här faktorerna. Därför jämförs de bara med dem.",
    "results.type_average": "Enheter av typen {type}, snitt",
    "results.show_unit": "Visa {unit}",
    "results.to_menu": "Till menyn",
    "help.command.order": "beställ stöd",
    "help.command.my_requests": "mina ärenden",
    "help.explain.order": "beställer utbildning eller stöd från kvalitetsteamet",
    "help.explain.my_requests": "visar dina beställningar och hur det går med dem",
    "summary.order_support": "Beställ stöd",
    "order.title": "Beställ stöd från kvalitetsteamet",
    "order.intro": "Vad behöver du hjälp med? Välj det stöd som passar bäst – i nästa steg beskriver du behovet.",
    "order.for_factor": "Du beställer stöd för faktorn ”{factor}”. Välj vilket slags stöd som passar bäst.",
    "order.choose": "Välj {offering}",
    "order.hint": "Välj ett av stöden i kortet ovan, eller skriv **meny** för att avbryta.",
    "order.choose_unit_first": "Först behöver jag veta vilken enhet beställningen gäller.",
    "order.form_subtitle": "Fyll i det kvalitetsteamet behöver veta.",
    "order.field_required": "Fyll i fältet.",
    "order.description": "Beskriv behovet",
    "order.description_placeholder": "Vad vill enheten uppnå, och vad har den redan provat? Högst {limit} tecken",
    "order.description_required": "Beskriv behovet.",
    "order.period": "När passar det?",
    "order.unit": "Enhet",
    "order.urgent": "Det är brådskande",
    "order.urgency_reason": "Om det är brådskande: varför?",
    "order.urgency_reason_placeholder": "Till exempel en tillsyn om tre veckor. Högst 500 tecken",
    "order.choose_one": "Välj ett alternativ.",
    "order.review": "Granska beställningen",
    "order.other_offering": "Välj ett annat stöd",
    "order.form_hint": "Fyll i kortet ovan och tryck på **Granska beställningen**.",
    "order.review_title": "Stämmer det här?",
    "order.send": "Skicka beställningen",
    "order.change": "Ändra",
    "order.review_hint": "Tryck på **Skicka beställningen** eller **Ändra**.",
    "order.unit_not_yours": "Du kan bara beställa för enheter du är chef för. Välj en av dina enheter.",
    "order.thanks": (
        "Tack! Din beställning har nummer **{reference}**. Kvalitetsteamet har fått den, och du får besked "
        "här i chatten när något händer."
    ),
    "order.errors_header": "Jag kunde inte ta emot beställningen:",
    "order.errors_footer": "Inget har skickats. Rätta och tryck på **Granska beställningen** igen.",
    "order.error.missing": "Fyll i ”{field}”.",
    "order.error.too_long": "”{field}” är för lång. Den får vara högst {limit} tecken.",
    "order.error.not_a_number": "”{field}” ska vara ett heltal.",
    "order.error.out_of_range": "”{field}” ska vara mellan {minimum} och {maximum}.",
    "order.error.unknown_choice": "Välj ”{field}” bland alternativen.",
    "order.error.wrong_type": "”{field}” har fel format.",
    "order.field.description": "Beskriv behovet",
    "order.field.unit": "Enhet",
    "order.field.preferred_period": "När passar det?",
    "order.field.urgency_reason": "Varför är det brådskande?",
    "order.field.factor": "Kvalitetsfaktor",
    "request.fact.unit": "Enhet",
    "my_requests.title": "Mina ärenden",
    "my_requests.none": "Du har inga beställningar ännu. Tryck på **Beställ stöd** för att göra en.",
    "my_requests.line": "{unit} · {status} · senast ändrad {date}",
    "my_requests.planned": "Planerad till {date}",
    "my_requests.cancel": "Avbeställ",
    "my_requests.reply.button": "Svara",
    "my_requests.reply.label": "Ditt svar till kvalitetsteamet",
    "my_requests.reply.send": "Skicka svaret",
    "my_requests.reply.thanks": "Tack! Ditt svar finns nu i ärendet {reference}, och kvalitetsteamet ser det.",
    "my_requests.add_info.button": "Lägg till information",
    "my_requests.add_info.label": "Vad vill du att kvalitetsteamet ska veta?",
    "my_requests.add_info.send": "Skicka informationen",
    "my_requests.add_info.thanks": "Tack! Informationen finns nu i ärendet {reference}, och kvalitetsteamet ser den.",
    "my_requests.your_text": "Du skrev",
    "my_requests.answer.unknown": (
        "Jag känner inte igen ärendet, eller så gick kortet inte att läsa. Inget har skickats."
    ),
    "my_requests.answer.not_yours": "Det här är inte ett ärende du har beställt. Inget har skickats.",
    "my_requests.answer.finished": (
        "Ärendet är redan avslutat, så det går inte att skriva i det längre. Beställ nytt stöd om du behöver "
        "mer hjälp. Inget har skickats."
    ),
    "my_requests.answer.missing": "Skriv något först. Inget har skickats.",
    "my_requests.answer.too_long": "Texten är för lång. Den får vara högst {limit} tecken. Inget har skickats.",
    "my_requests.edit.button": "Ändra",
    "my_requests.edit.title": "Ändra beställningen {reference}",
    "my_requests.edit.reason": "Vill du berätta varför? (valfritt)",
    "my_requests.edit.send": "Spara ändringen",
    "my_requests.edit.thanks": "Beställningen {reference} är ändrad. Kvalitetsteamet ser vad du ändrade på sitt kort.",
    "my_requests.edit.too_late": (
        "Ärendet är redan planerat och kan inte ändras här. Kontakta kvalitetsteamet om något behöver ändras. "
        "Inget har ändrats."
    ),
    "my_requests.edit.nothing_changed": "Du har inte ändrat något. Inget har sparats.",
    "my_requests.edit.unknown_choice": "Välj bland alternativen i kortet. Inget har sparats.",
    "my_requests.edit.not_your_unit": (
        "Du kan bara flytta beställningen till en enhet du är chef för. Inget har sparats."
    ),
    "my_requests.edit.out_of_range": "Antalet deltagare ligger utanför det tillåtna. Inget har sparats.",
    "my_requests.edit.wrong_type": "Antalet deltagare ska vara ett heltal. Inget har sparats.",
    "my_requests.cancelled": "Beställningen {reference} är avbeställd. Kvalitetsteamet ser det på sitt kort.",
    "my_requests.changed": "Ärendet ändrades precis av kvalitetsteamet. Här är det senaste läget.",
    "my_requests.too_late": "Ärendet är redan planerat och kan inte avbeställas här. Kontakta kvalitetsteamet.",
    "follow_up.title": "Hjälpte stödet er?",
    "follow_up.subtitle": "{reference} · {offering} · {unit}",
    "follow_up.intro": (
        "Ärendet avslutades {date}. Berätta gärna om stödet gjorde skillnad för er – kvalitetsteamet ser ditt "
        "svar och använder det för att utveckla sitt stöd."
    ),
    "follow_up.scale_label": "Hur mycket hjälpte stödet? (1 = inte alls, 5 = i hög grad)",
    "follow_up.scale.1": "1 – Inte alls",
    "follow_up.scale.5": "5 – I hög grad",
    "follow_up.scale_required": "Välj ett värde från 1 till 5.",
    "follow_up.comment_label": "Kommentar (valfritt)",
    "follow_up.send": "Skicka svaret",
    "follow_up.answer_button": "Svara på uppföljningen",
    "follow_up.thanks_title": "Tack för ditt svar!",
    "follow_up.thanks": "Du gav stödet {score} av 5. Kvalitetsteamet ser ditt svar på ärendets kort.",
    "follow_up.already_answered": "Du har redan svarat – tack!",
    "follow_up.not_yours": (
        "Det är bara chefen som beställde ärendet som kan svara på uppföljningen. Inget har sparats."
    ),
    "follow_up.unknown": "Jag känner inte igen det här kortet, eller så är ärendet inte avslutat. Inget har sparats.",
    "follow_up.missing_score": "Välj hur mycket stödet hjälpte, från 1 till 5. Inget har sparats.",
    "follow_up.bad_score": "Svaret gick inte att läsa. Välj ett värde från 1 till 5. Inget har sparats.",
    "follow_up.bad_comment": "Kommentaren gick inte att läsa. Inget har sparats.",
    "follow_up.too_long": "Kommentaren är för lång. Den får vara högst {limit} tecken. Inget har sparats.",
    "follow_up.fact": "Uppföljning",
    "follow_up.answered": "{score} av 5",
    "follow_up.waiting": "väntar på svar",
    "follow_up.my_waiting": "väntar på ditt svar",
    "report.effect_title": "Effekt av stödet",
    "report.effect_intro": "Chefernas svar på om stödet hjälpte, från 1 (inte alls) till 5 (i hög grad).",
    "report.effect_answers": "Svar",
    "report.effect_average": "Snitt",
    "report.effect_none": "Inga ärenden har avslutats ännu.",
    "channel_assessment.title": "Självvärdering inskickad – {unit}",
    "channel_assessment.subtitle": "{department} · {period} · version {version} · inskickad {date} av {manager}",
    "digest.title": "Inskickade självvärderingar",
    "digest.intro": "{units} har skickat in sin självvärdering sedan förra sammanställningen.",
    "digest.line": "{department} · {period} · version {version} · inskickad {date} av {manager}",
    "digest.result": "{perspective} {value}",
    "digest.show": "Visa sammanfattningen",
    "digest.shown": "Sammanfattningen för {unit} finns nu i tråden under sammanställningen.",
    "digest.gone": "Självvärderingen finns inte längre. Inget har visats.",
    "digest.not_central_team": "Bara kvalitetsteamet kan visa självvärderingarna. Inget har visats.",
    "card_action.already_yours": "Ärendet är redan ditt. Inget har ändrats.",
    "requests.open_line": "{unit} · {status} · {waited} · {assignee}",
    "requests.today": "beställt i dag",
    "requests.days": "har väntat {days}",
    "requests.oldest_only": "Visar de {count} äldsta öppna ärendena.",
    "requests.filtered": "Urval: {asked}",
    "requests.none_match": "Inga öppna ärenden passar urvalet just nu.",
    "requests.open_linked": "[{reference}]({url}) · {offering}",
    "requests.open_unlinked": "{reference} · {offering} (kortet har inte kommit till kanalen ännu)",
    "requests.open_card": "Öppna kortet",
    "requests.filter.mine": "mina",
    "requests.filter.unassigned": "otilldelade",
    "requests.filter.urgent": "brådskande",
    "requests.unknown_filter": (
        "Jag känner inte igen ”{unknown}”. Skriv till exempel **ärenden mina brådskande** eller **ärenden "
        "otilldelade sof**. Du kan välja **mina** (ärenden du har tagit), **otilldelade** (ärenden som ingen har "
        "tagit), **brådskande** (ärenden som chefen vill ha så snart som möjligt) och en förvaltning: {departments}."
    ),
    "requests.filter_conflict": (
        "Ett ärende kan inte vara både ditt och otilldelat. Skriv **ärenden mina** eller **ärenden otilldelade**."
    ),
    "request.status.taken": "Under handläggning",
    "notify.status": "Ärendet har nu status: {status}. Skriv **mina ärenden** för att se alla dina ärenden.",
    "card_action.unknown": "Ärendet finns inte, eller så gick kortet inte att läsa. Inget har ändrats.",
    "card_action.changed_meanwhile": (
        "Någon annan hann ändra ärendet först, så din ändring sparades inte. Så här ser det ut nu."
    ),
    "error.unavailable": (
        "Kvalitetslotsen är tillfälligt otillgänglig. Inget av det du har sparat har försvunnit – "
        "försök igen om en stund."
    ),
    "error.too_fast": "Du skickar meddelanden snabbare än jag hinner med. Vänta en liten stund och skriv sedan igen.",
    "audit.title": "Logg över händelser",
    "audit.empty": "Inget har loggats ännu.",
    "audit.channel.linked": "kopplade kanalen",
    "audit.channel.unlinked": "kopplade bort kanalen",
    "audit.request.created": "beställde",
    "audit.request.take": "tog ärendet",
    "audit.request.assign": "tilldelade ärendet",
    "audit.request.give_back": "lämnade tillbaka ärendet",
    "audit.request.priority": "ändrade prioriteten",
    "audit.request.plan": "planerade",
    "audit.request.comment": "kommenterade",
    "audit.request.note": "skrev en intern anteckning",
    "audit.request.reply": "svarade på en kommentar",
    "audit.request.add_info": "lade till information",
    "audit.request.correct": "rättade beställningen",
    "audit.request.edit": "ändrade beställningen",
    "audit.request.reopen": "öppnade ärendet igen",
    "audit.request.close": "avslutade",
    "audit.request.decline": "avböjde",
    "audit.request.cancel": "avbeställde",
    "audit.request.follow_up": "svarade på uppföljningen",
    "audit.reminders.round": "skickade påminnelser om självvärderingen (period: antal)",
    "audit.assessment.submitted": "skickade in självvärderingen",
    "audit.actions.planned": "skrev en åtgärdsplan (enhet, period, antal)",
    "audit.actions.done": "markerade en åtgärd som klar (enhet: åtgärd)",
    "roles.title": "Roller i Kvalitetslotsen",
    "roles.intro": (
        "Administratörer kopplar kvalitetsteamets kanal, läser loggen och ger roller. Kvalitetsteamet hanterar "
        "ärenden från vilken kanal som helst. Den som har rollen från konfigurationen kan bara IT ta bort."
    ),
    "roles.admin": "Administratörer",
    "roles.central_team": "Kvalitetsteamet",
    "roles.one.admin": "administratör",
    "roles.one.central_team": "med i kvalitetsteamet",
    "roles.nobody": "Ingen ännu.",
    "roles.from_configuration": "från konfigurationen",
    "roles.given_by": "tillagd av {by} {day}",
    "roles.given": "tillagd i Teams",
    "roles.unknown_name": "namnet visas när personen har skrivit till mig",
    "roles.remove": "Ta bort",
    "roles.add_title": "Ge någon en roll",
    "roles.person": "Person",
    "roles.person_placeholder": "Sök på namn",
    "roles.role": "Roll",
    "roles.add": "Ge rollen",
    "roles.given_now": "Klart: personen är nu {role}.",
    "roles.had_it": "Personen är redan {role}. Inget har ändrats.",
    "roles.taken_now": "Klart: personen är inte längre {role}.",
    "roles.not_held": "Personen hade inte den rollen. Inget har ändrats.",
    "roles.cannot_remove_configured": (
        "Den rollen har IT gett i tjänstens inställningar, och bara IT kan ta bort den."
    ),
    "roles.pick_someone": "Välj en person i sökrutan och en roll, och tryck sedan på Ge rollen.",
    "roles.mention_how": (
        "Skriv till exempel **@Kvalitetslotsen ge @namn kvalitetsteamet** eller **@Kvalitetslotsen ta bort @namn "
        "administratör**: en person och en roll."
    ),
    "roles.mention_not_member": "Jag hittar inte personen bland teamets medlemmar. Inget har ändrats.",
    "roles.mention_given": "Klart: {name} är nu {role}.",
    "roles.mention_had_it": "{name} är redan {role}. Inget har ändrats.",
    "roles.mention_taken": "Klart: {name} är inte längre {role}.",
    "roles.mention_not_held": "{name} hade inte den rollen. Inget har ändrats.",
    "roles.not_admin": "Bara administratörer kan ändra roller.",
    # Administration: administratörens meny
    "admin.title": "Administration",
    "admin.intro": "Det här kan du som administratör göra här i chatten. Tryck på en knapp eller skriv kommandot.",
    "admin.only_administrators": (
        "Administrationen är för kommunens administratörer i Kvalitetslotsen. Skriv **meny** för att se vad du kan "
        "göra."
    ),
    "admin.explain.catalogue": (
        "**katalog**: katalogen med faktorer, enheter, erbjudanden och perioder – ladda ner, ändra och publicera."
    ),
    "admin.explain.unit_managers": "**chefer**: vilka chefer som får göra självvärdering och beställa för en enhet.",
    "admin.explain.roles": "**roller**: vem som är administratör eller med i kvalitetsteamet.",
    "admin.explain.erasures": "**raderingar**: begäranden om radering som väntar på beslut.",
    "admin.explain.log": "**logg**: de senaste händelserna – vem som gjorde vad och när.",
    "admin.explain.log_export": "**logg export**: hela loggen som fil till dataskyddsombudet, gärna med datum.",
    "admin.button.catalogue": "Katalogen",
    "admin.button.unit_managers": "Enhetschefer",
    "admin.button.roles": "Roller",
    "admin.button.erasures": "Raderingar",
    "admin.button.log": "Loggen",
    "admin.button.log_export": "Exportera loggen",
    "admin.command.catalogue": "katalog",
    "admin.command.unit_managers": "chefer",
    "admin.command.roles": "roller",
    "admin.command.erasures": "raderingar",
    "admin.command.log": "logg",
    "admin.command.log_export": "logg export",
    # Katalogen: administratörens kort
    "catalogue.title": "Katalogen som gäller",
    "catalogue.published": "Publicerad",
    "catalogue.origin.file": "{day}, från filen i tjänstens inställningar",
    "catalogue.origin.upload": "{day}, från en fil i Teams",
    "catalogue.origin.rollback": "{day}, en tidigare version publicerad igen",
    "catalogue.factors": "Kvalitetsfaktorer",
    "catalogue.units": "Enheter",
    "catalogue.departments": "Förvaltningar",
    "catalogue.offerings": "Erbjudanden",
    "catalogue.periods": "Perioder",
    "catalogue.weak": "Låg bedömning",
    "catalogue.weak_value": "{threshold} eller lägre",
    "catalogue.unit_types": "Verksamhetstyper",
    "catalogue.how_to_change": (
        "Så ändrar du katalogen: ladda ner den som Excel eller YAML, gör dina ändringar och skicka filen till mig "
        "här i chatten. Du får se vad som ändras innan något publiceras. Självvärderingar som redan har börjat "
        "fortsätter med den version de började med."
    ),
    "catalogue.download.xlsx": "Ladda ner som Excel",
    "catalogue.download.yaml": "Ladda ner som YAML",
    "catalogue.history": "Tidigare versioner",
    "catalogue.preview_title": "Det här ändras om du publicerar filen",
    "catalogue.changed_title": "Det här ändrades när versionen publicerades",
    "catalogue.preview_intro": "Filen är kontrollerad och går att publicera. Antal ändringar: {count}.",
    "catalogue.only_order": (
        "Innehållet är detsamma, men ordningen eller stavningen skiljer sig. Cheferna ser det i den nya ordningen "
        "om du publicerar."
    ),
    "catalogue.no_changes": "Filen är likadan som katalogen som gäller. Det finns inget att publicera.",
    "catalogue.first_version": "Det här är den första versionen. Det finns ingen tidigare att jämföra med.",
    "catalogue.drafts_keep_version": (
        "Påbörjade självvärderingar som har en faktor som tas bort: {count}. De fortsätter med den version de "
        "började med, och resultaten jämförs per faktor."
    ),
    "catalogue.publish": "Publicera",
    "catalogue.discard": "Avbryt",
    "catalogue.problems_title": "Filen går inte att publicera",
    "catalogue.problems_intro": "Rätta det här och skicka filen igen. Inget har ändrats. Antal fel: {count}.",
    "catalogue.history_title": "Tidigare versioner av katalogen",
    "catalogue.history_intro": "De senaste publiceringarna, den nyaste först. Vem som publicerade står i **logg**.",
    "catalogue.in_force": "Version {version} (gäller nu)",
    "catalogue.earlier": "Version {version}",
    "catalogue.show_changes": "Visa ändringar",
    "catalogue.republish": "Publicera igen",
    "catalogue.admins_only": (
        "Katalogen sköts av kommunens administratörer i Kvalitetslotsen. Jag har inte läst något av det du skickade."
    ),
    "catalogue.files_admins_only": (
        "Jag tar bara emot filer från kommunens administratörer i Kvalitetslotsen, när de ändrar katalogen eller "
        "listan över enhetschefer. Jag har inte läst något av filen."
    ),
    "catalogue.onedrive_offer": "Vill du ha katalogen som Excel-fil i din OneDrive? Länkarna ovan fungerar en kvart.",
    "catalogue.onedrive_description": "Katalogen i Kvalitetslotsen som Excel-fil, att ändra och skicka tillbaka.",
    "catalogue.onedrive_declined": "Okej, jag sparar ingen fil. Länkarna på kortet fungerar en kvart.",
    "catalogue.onedrive_refused": "Jag kan bara spara filen i OneDrive. Använd länkarna på kortet i stället.",
    "catalogue.onedrive_nothing": (
        "Katalogen sköts av kommunens administratörer i Kvalitetslotsen. Jag har inte sparat någon fil."
    ),
    "catalogue.onedrive_failed": "Filen kunde inte sparas i din OneDrive just nu. Använd länkarna på kortet i stället.",
    "catalogue.onedrive_done": "Katalogen finns nu i din OneDrive. Ändra den och skicka den till mig här när du vill.",
    "catalogue.link_not_admin": (
        "Länken gäller bara för en administratör, och den som den togs fram för är inte administratör längre."
    ),
    "catalogue.file_name": "katalog",
    "catalogue.file_instructions": (
        "Så här ändrar du katalogen i Kvalitetslotsen.\n"
        "Ändra i bladen (eller i YAML-texten) och spara filen. Nycklarna (kolumnen nyckel) binder ihop resultaten "
        "över tid: ändra inte nyckeln för något som finns kvar, ge det nya en ny nyckel.\n"
        "Skicka sedan filen till Kvalitetslotsen i din chatt med boten. Du får se vad som ändras och väljer själv "
        "om du vill publicera.\n"
        "Skriv inga personuppgifter i katalogen."
    ),
    "catalogue.file_refused": "Jag kan bara hämta filer som Teams lämnar över från OneDrive. Inget har ändrats.",
    "catalogue.file_too_large": "Filen är för stor. En katalog får vara högst {most} MB. Inget har ändrats.",
    "catalogue.file_failed": "Jag kunde inte hämta filen just nu. Försök igen om en stund. Inget har ändrats.",
    "catalogue.version_gone": "Den versionen finns inte. Skriv **katalog** för att se den som gäller.",
    "catalogue.discarded": "Avbrutet. Katalogen som gällde gäller fortfarande.",
    "catalogue.changed_meanwhile": (
        "Någon annan publicerade en katalog medan du tittade. Här är jämförelsen med den som gäller nu."
    ),
    "catalogue.published_now": (
        "Klart! Version {version} gäller nu. Nya självvärderingar och beställningar använder den från och med nu."
    ),
    "catalogue.change.municipality": "Kommunens namn: {before} → {after}",
    "catalogue.change.scale": "Skalan ändras (värden eller etiketter).",
    "catalogue.change.scale_threshold": (
        "Gränsen för låg bedömning ändras: sammanfattningen listar faktorer med {before} eller lägre, nu {after} "
        "eller lägre."
    ),
    "catalogue.change.period_added": "Ny period: {period} ({span})",
    "catalogue.change.period_removed": "Period tas bort: {period}",
    "catalogue.change.period_redated": "Nya datum för {period}: {before} blir {after}",
    "catalogue.change.period_renamed": "Nytt namn på perioden {period}: {before} → {after}",
    "catalogue.change.period_deadline": "Ny sista dag att skicka in för {period}: {before} blir {after}",
    "catalogue.change.period_grace": (
        "Dagar efter periodens slut då självvärderingen för {period} fortfarande kan göras: {before} blir {after}"
    ),
    "catalogue.change.department_added": "Ny förvaltning: {name}",
    "catalogue.change.department_removed": "Förvaltning tas bort: {name}",
    "catalogue.change.renamed": "Nytt namn: {before} → {after}",
    "catalogue.change.unit_added": "Ny enhet: {name}",
    "catalogue.change.unit_closed": "Enhet stängs: {name}",
    "catalogue.change.unit_moved": "{name} flyttas från {before} till {after}",
    "catalogue.change.unit_retyped": "{name} byter verksamhetstyp: {before} → {after}",
    "catalogue.change.no_unit_type": "ingen",
    "catalogue.change.unit_type_added": "Ny verksamhetstyp: {name}",
    "catalogue.change.unit_type_removed": "Verksamhetstyp tas bort: {name}",
    "catalogue.change.perspective_described": "Ny beskrivning av perspektivet {name}",
    "catalogue.change.factor_added": "Ny faktor: {text}",
    "catalogue.change.factor_removed": "Faktor tas bort: {text}",
    "catalogue.change.factor_reworded": "Ny lydelse: {before} → {after}",
    "catalogue.change.factor_moved": "{text} flyttas från {before} till {after}",
    "catalogue.change.type_factor_added": "Ny faktor för {type}: {text}",
    "catalogue.change.type_factor_removed": "Faktor för {type} tas bort: {text}",
    "catalogue.change.type_factor_reworded": "Ny lydelse för {type}: {before} → {after}",
    "catalogue.change.factor_retyped": "{text} flyttas från {before} till {after}",
    "catalogue.change.for_all": "alla enheter",
    "catalogue.change.for_type": "verksamhetstypen {name}",
    "catalogue.change.offering_added": "Nytt erbjudande: {name}",
    "catalogue.change.offering_removed": "Erbjudande tas bort: {name}",
    "catalogue.change.offering_changed": "Erbjudandet {name} ändras (namn, beskrivning eller formulär)",
    # Katalogen: fel i en fil som administratören laddar upp
    "catalogue.place.line": "Rad {line}",
    "catalogue.place.cell": "Bladet {sheet}, rad {row}, kolumn {column}",
    "catalogue.problem.unreadable": "filen gick inte att läsa.",
    "catalogue.problem.not_yaml": "filen är inte giltig YAML.",
    "catalogue.problem.yaml_alias": "YAML-ankare och alias (& och *) används inte i katalogen. Skriv ut värdena.",
    "catalogue.problem.not_mapping": "här ska det stå fält med namn och värde.",
    "catalogue.problem.missing": "fältet saknas.",
    "catalogue.problem.unknown_field": "fältet finns inte i katalogen. Kontrollera stavningen.",
    "catalogue.problem.not_list": "här ska det stå en lista.",
    "catalogue.problem.too_few": "det behövs minst {least}.",
    "catalogue.problem.too_many": "det får vara högst {most}, här är det {count}.",
    "catalogue.problem.not_text": "här ska det stå en text.",
    "catalogue.problem.too_long": "texten får vara högst {most} tecken, den har {count}.",
    "catalogue.problem.bad_key": (
        "nyckeln får bara ha små bokstäver a–z, siffror och bindestreck, och börjar med en bokstav eller siffra."
    ),
    "catalogue.problem.bad_field_key": (
        "fältets nyckel får bara ha små bokstäver a–z, siffror och understreck, och börjar med en bokstav."
    ),
    "catalogue.problem.bad_period_key": "periodens nyckel skrivs som år och halvår, till exempel 2027-H1.",
    "catalogue.problem.duplicate": "nyckeln {value} används mer än en gång.",
    "catalogue.problem.not_whole_number": "här ska det stå ett heltal.",
    "catalogue.problem.not_date": "här ska det stå ett datum (ÅÅÅÅ-MM-DD).",
    "catalogue.problem.not_ascending": "värdena ska stå i stigande ordning.",
    "catalogue.problem.ends_before_starts": "perioden slutar innan den börjar.",
    "catalogue.problem.periods_overlap": "perioderna ska stå i tidsordning och får inte överlappa varandra.",
    "catalogue.problem.last_day_before_start": (
        "sista dagen att skicka in kan inte vara före periodens början ({starts})."
    ),
    "catalogue.problem.last_day_after_grace": (
        "sista dagen att skicka in får vara senast {latest}, alltså periodens slut plus dagarna efter slutet."
    ),
    "catalogue.problem.grace_days_range": "dagarna efter periodens slut ska vara ett heltal från 0 till {most}.",
    "catalogue.problem.grace_past_next_period": (
        "dagarna efter periodens slut räcker förbi slutet på nästa period, {period} ({ends}). Välj färre dagar."
    ),
    "catalogue.problem.perspective_order": "här ska perspektivet {expected} stå (ordningen är {order}).",
    "catalogue.problem.unknown_perspective": "perspektivet {value} finns inte. Skriv ett av {choices}.",
    "catalogue.problem.unknown_unit_type": (
        "verksamhetstypen {value} finns inte i katalogen. Skriv en av dem som finns: {choices}."
    ),
    "catalogue.problem.no_unit_types": (
        "verksamhetstypen {value} finns inte: katalogen har inga verksamhetstyper. Lägg till typen under unit_types "
        "(i Excel: bladet Verksamhetstyper) eller ta bort typen från enheten."
    ),
    "catalogue.problem.unit_type_too_many_factors": (
        "för många faktorer i perspektivet {perspective} för en enhet av den här typen. Gemensamma och typens "
        "tillsammans får vara högst {most}; här blir det {count}, varav {common} gemensamma."
    ),
    "catalogue.problem.field_type": "typen ska vara en av {choices}.",
    "catalogue.problem.not_boolean": "här ska det stå ja eller nej.",
    "catalogue.problem.weak_threshold": (
        "gränsen för låg bedömning (weak_at_or_below) ska vara ett av skalans värden utom det högsta: {choices}."
    ),
    "catalogue.problem.weak_rows": (
        "skriv ja i kolumnen svag på skalans lägsta värden, de som räknas som låg bedömning, och nej på de andra. "
        "Minst ett värde ska vara ja, och inga nej får stå mellan två ja."
    ),
    "catalogue.problem.bound_not_applicable": "gäller inte ett fält av typen {type}.",
    "catalogue.problem.too_large": "filen är för stor. Den får vara högst {size}.",
    "catalogue.problem.not_utf8": "filen är inte sparad som UTF-8. Spara den som UTF-8 och ladda upp den igen.",
    "catalogue.problem.unknown_file": (
        "filen är varken en Excelfil (.xlsx) eller en YAML-fil. Ladda upp katalogen som du fick från boten."
    ),
    "catalogue.problem.old_excel": (
        "filen är en Excelfil i ett äldre format (.xls) eller skyddad med lösenord. Spara den som "
        "Excel-arbetsbok (.xlsx) utan lösenord och ladda upp den igen."
    ),
    "catalogue.problem.not_xlsx": (
        "filen går inte att läsa som en Excelfil (.xlsx). Spara den på nytt i Excel och ladda upp den igen."
    ),
    "catalogue.problem.workbook_too_large": (
        "Excelfilen innehåller mycket mer än en katalog. Kontrollera att du har valt rätt fil."
    ),
    "catalogue.problem.yaml_too_large": (
        "YAML-filen innehåller mycket mer än en katalog. Kontrollera att du har valt rätt fil."
    ),
    "catalogue.problem.missing_sheet": (
        "bladet {sheet} saknas. Lägg tillbaka det med samma namn som i filen du laddade ner."
    ),
    "catalogue.problem.missing_column": (
        "kolumnen {column} saknas på bladet {sheet}. Skriv kolumnernas namn på rad 1 som i filen du laddade ner."
    ),
    "catalogue.problem.unknown_column": (
        "kolumnen {column} hör inte till bladet {sheet}, eller står två gånger. Kontrollera stavningen eller ta "
        "bort kolumnen."
    ),
    "catalogue.problem.unknown_reference": (
        "{value} finns inte på bladet {other}. Kontrollera stavningen eller lägg till det där."
    ),
    "catalogue.problem.too_many_rows": "bladet {sheet} får ha högst {most} rader.",
    "catalogue.problem.cell_error": "cellen visar ett fel ({value}). Skriv in värdet i stället för en formel.",
    "audit.unit_managers.staged": "kontrollerade en lista över enhetschefer (lista, antal)",
    "audit.unit_managers.published": "publicerade listan över enhetschefer (lista, antal)",
    "audit.unit_managers.discarded": "valde att inte publicera en lista över enhetschefer (lista)",
    "audit.unit_managers.downloaded": "laddade ner listan över enhetschefer (format)",
    "audit.catalogue.staged": "kontrollerade en katalogfil (version)",
    "audit.catalogue.published": "publicerade katalogen (version, hur)",
    "audit.catalogue.discarded": "valde att inte publicera en katalogfil (version)",
    "audit.catalogue.downloaded": "laddade ner katalogen (version, format)",
    # Listan över enhetschefer: administratörens kort och fel i en fil
    "unit_managers.title": "Listan över enhetschefer som gäller",
    "unit_managers.units_named": "Enheter med namngiven chef",
    "unit_managers.units_of": "{count} av {total}",
    "unit_managers.rows": "Chefer per enhet, totalt",
    "unit_managers.published": "Publicerad",
    "unit_managers.origin.file": "{day}, från filen i tjänstens inställningar",
    "unit_managers.origin.upload": "{day}, från en fil i Teams",
    "unit_managers.nothing_published": (
        "Ingen lista är publicerad än, så alla chefer kan välja alla enheter. Det passar bara för test."
    ),
    "unit_managers.how_to_change": (
        "Så ändrar du listan: skicka mig en CSV-fil eller en Excel-fil här i chatten. Första raden ska ha "
        "kolumnerna **enhet** och **chef**. I enhet skriver du enhetens nyckel och i chef personens e-postadress "
        "eller Entra-objekt-id, en rad per chef och enhet. Du får se vem som läggs till och tas bort innan något "
        "publiceras."
    ),
    "unit_managers.file_name": "enhetschefer",
    "unit_managers.download.csv": "Ladda ner som CSV",
    "unit_managers.download.xlsx": "Ladda ner som Excel",
    "unit_managers.preview_title": "Det här ändras om du publicerar listan",
    "unit_managers.preview_intro": "Listan är kontrollerad och går att publicera. Enheter som ändras: {count}.",
    "unit_managers.no_changes": "Listan är likadan som den som gäller. Det finns inget att publicera.",
    "unit_managers.change.added": "{unit}: läggs till {people}",
    "unit_managers.change.removed": "{unit}: tas bort {people}",
    "unit_managers.links_removed": (
        "Chefer som förlorar en enhet de har valt: {count}. De kommer inte längre åt enhetens uppgifter när du "
        "publicerar."
    ),
    "unit_managers.without_managers": "Enheter utan namngiven chef, som ingen kan välja: {count}.",
    "unit_managers.publish": "Publicera",
    "unit_managers.discard": "Avbryt",
    "unit_managers.problems_title": "Listan går inte att publicera",
    "unit_managers.problems_intro": "Rätta det här och skicka filen igen. Inget har ändrats. Antal fel: {count}.",
    "unit_managers.admins_only": (
        "Listan över enhetschefer sköts av kommunens administratörer i Kvalitetslotsen. Jag har inte läst något av "
        "det du skickade."
    ),
    "unit_managers.list_gone": (
        "Den listan finns inte längre. Skicka filen igen, eller skriv **chefer** för att se listan som gäller."
    ),
    "unit_managers.discarded": "Avbrutet. Listan som gällde gäller fortfarande.",
    "unit_managers.changed_meanwhile": (
        "Någon annan publicerade en lista medan du tittade. Här är jämförelsen med den som gäller nu."
    ),
    "unit_managers.published_now": (
        "Klart! Listan gäller nu. Nya chefer kan börja direkt. Valda enheter som chefer inte längre har: {count}."
    ),
    "unit_managers.place.line": "Rad {line}",
    "unit_managers.place.line_column": "Rad {line}, kolumnen {column}",
    "unit_managers.problem.too_large": "filen är för stor. Den får vara högst {size}.",
    "unit_managers.problem.old_excel": (
        "filen är en äldre Excel-fil (.xls) eller skyddad med lösenord. Spara den som Excel-arbetsbok (.xlsx) utan "
        "lösenord."
    ),
    "unit_managers.problem.not_xlsx": "filen går inte att läsa som Excel-arbetsbok (.xlsx).",
    "unit_managers.problem.workbook_too_large": (
        "arbetsboken innehåller mycket mer än en lista över enhetschefer. Kontrollera att du har valt rätt fil."
    ),
    "unit_managers.problem.not_utf8": "filen är inte sparad som UTF-8. Spara den som CSV UTF-8 och skicka den igen.",
    "unit_managers.problem.unknown_file": "filen är varken en CSV-fil eller en Excel-arbetsbok.",
    "unit_managers.problem.unreadable_line": "raden går inte att läsa som CSV.",
    "unit_managers.problem.empty": "filen anger ingen chef för någon enhet.",
    "unit_managers.problem.missing_column": "kolumnen {column} saknas. Skriv enhet och chef på första raden.",
    "unit_managers.problem.too_many_rows": "filen får ha högst {most} rader.",
    "unit_managers.problem.unknown_unit": (
        "det finns ingen enhet med nyckeln {value} i katalogen. Kontrollera stavningen."
    ),
    "unit_managers.problem.missing_unit": "enheten saknas. Skriv enhetens nyckel.",
    "unit_managers.problem.bad_manager": ("{value} är varken en e-postadress eller ett Entra-objekt-id."),
    "unit_managers.problem.duplicate": "{value} står redan för samma enhet på rad {first}.",
    "unit_managers.problem.cell_error": ("cellen visar ett fel ({value}). Skriv in värdet i stället för en formel."),
    "audit.role.given": "gav en roll (roll: person)",
    "audit.role.taken": "tog bort en roll (roll: person)",
    "audit.read.roles": "läste listan över roller",
    "audit.read.open_requests": "läste listan över öppna ärenden",
    "audit.read.audit_log": "läste loggen (antal rader)",
    "audit.export.links": "tog fram exportlänkar (period, omfattning)",
    "my_data.name": "Namn",
    "my_data.ids": "Dina id:n",
    "my_data.ids_value": "två tekniska id:n för ditt konto (Visa id:n)",
    "my_data.ids_toggle": "Visa id:n",
    "my_data.teams_id_explained": "Ditt Teams-id (används för att skicka meddelanden till dig)",
    "my_data.aad_id_explained": (
        "Ditt Entra-id, ditt konto i kommunens Microsoft 365 (används för att se vilka enheter du leder och om du "
        "har en roll)"
    ),
    "my_data.group_rounds": "Gruppbedömningar du har startat (vem som svarade vad sparas inte)",
    "my_data.group_round.state.waiting": "inte utlagd i någon chatt än",
    "my_data.group_round.state.open": "pågår i arbetsgruppens chatt, {count} har svarat",
    "my_data.group_round.state.closed": "stängd, {count} svarade",
    "my_data.group_round.started_on": "startad {day}",
    "my_data.group_round.posted_on": "utlagd {day}",
    "my_data.group_round.ends_on": "sista svarsdag {day}",
    "my_data.group_round.closed_on": "stängd {day}",
    "my_data.language": "Språk",
    "my_data.first_seen": "Första gången",
    "my_data.units": "Dina enheter",
    "my_data.assessments": "Självvärderingar du har påbörjat eller skickat in",
    "my_data.requests": "Dina beställningar",
    "my_data.why": (
        "Uppgifterna används för självvärderingar och beställningar och för att kvalitetsteamet ska kunna nå dig."
    ),
    "privacy.title": "Så behandlas dina personuppgifter",
    "privacy.controller": "Personuppgiftsansvarig är {controller}.",
    "privacy.basis": (
        "Uppgifterna behandlas för att kommunen ska kunna följa upp och utveckla kvaliteten i sina "
        "verksamheter. Det är en uppgift av allmänt intresse (artikel 6.1 e i dataskyddsförordningen)."
    ),
    "privacy.retention.off": (
        "Uppgifterna sparas tills du ber om radering och administratörerna har beslutat om den. Inskickade "
        "självvärderingar och beställningar är allmänna handlingar och gallras enligt kommunens "
        "dokumenthanteringsplan."
    ),
    "privacy.retention.months": (
        "Namn, id och fritext tas bort ur självvärderingar och ärenden {months} efter att de skickades "
        "in eller avslutades, och har du inte använt Kvalitetslotsen på {months} pseudonymiseras dina "
        "uppgifter. Enheternas bedömningar och ärendenas nummer och status finns kvar."
    ),
    "privacy.dpo": "Har du frågor om hur dina uppgifter behandlas? Kontakta kommunens dataskyddsombud: {contact}.",
    "privacy.rights": (
        "Du har rätt att få veta vad som sparas om dig, att få fel rättade och att begära radering. Du kan "
        "också klaga hos Integritetsskyddsmyndigheten (IMY), imy.se."
    ),
    "privacy.read_more": "Läs mer om personuppgifter",
    "welcome.privacy": "Personuppgiftsansvarig är {controller}.",
    "welcome.my_data": (
        "Skriv **mina uppgifter** för att se eller radera uppgifterna och läsa hur de behandlas, hur länge de "
        "sparas och vilka rättigheter du har."
    ),
    "help.privacy": (
        "Dina personuppgifter: skriv **mina uppgifter** för att se vad som sparas om dig, hur länge och vem "
        "du kan fråga."
    ),
    "my_data.erase": "Radera mina uppgifter",
    "my_data.erase_title": "Radera dina uppgifter?",
    "my_data.erase_at_once": (
        "**Det här raderas direkt:** det jag minns av vår chatt, ditt språk, dina inställningar för påminnelser "
        "och det du har skrivit i självvärderingar som ännu inte är inskickade – dina kommentarer, dina "
        "förbättringsidéer och ditt namn på utkasten. Poängen i utkasten hör till enheten och finns kvar."
    ),
    "my_data.erase_public_record": (
        "**Det här är allmänna handlingar:** inskickade självvärderingar och dina beställningar. Kommunen har tagit "
        "emot dem, och då får de bara tas bort enligt ett beslut om gallring. Därför går resten av din begäran "
        "till administratörerna."
    ),
    "my_data.erase_decision": (
        "Administratörerna beslutar inom en månad. Antingen tar de bort ditt namn, dina id och din text från "
        "allt (pseudonymiserar), eller så förklarar de varför uppgifterna måste finnas kvar. Svaret kommer här i "
        "chatten."
    ),
    "my_data.erase_cannot_undo": "Det som raderas direkt går inte att få tillbaka.",
    "my_data.erase_yes": "Ja, radera och skicka begäran",
    "my_data.erase_no": "Nej, tillbaka",
    "my_data.erase_filed": (
        "Klart. Det här har jag raderat nu:\n\n{erased}\n\nDin begäran om att radera resten har gått till "
        "administratörerna. De svarar senast {day}, här i chatten. Skriver du till mig igen börjar vi från början."
    ),
    "my_data.erase_pending": (
        "Du har redan en begäran om radering hos administratörerna, sedan {day}. De svarar senast {deadline}, här "
        "i chatten. Jag har inte ändrat något nu."
    ),
    "my_data.erased.chat": "- det jag mindes om vår chatt",
    "my_data.erased.language": "- ditt språk",
    "my_data.erased.reminders": "- dina inställningar för påminnelser",
    "my_data.erased.comments": "- dina kommentarer i självvärderingar som inte är inskickade: {count}",
    "my_data.erased.ideas": "- dina förbättringsidéer i självvärderingar som inte är inskickade: {count}",
    "my_data.erased.drafts": "- ditt namn på utkast till självvärdering: {count}",
    # The administrators' decision on an erasure request (GDPR art. 17 and 12.3)
    "erasure.request_title": "Begäran om radering",
    "erasure.who": "Vem",
    "erasure.units": "Enheter",
    "erasure.asked": "Begärd",
    "erasure.answer_by": "Svara senast",
    "erasure.nameless": "namn saknas",
    "erasure.already_erased": (
        "Redan raderat när chefen frågade: chattens läge, språk, inställningar för påminnelser, och chefens "
        "text och namn i självvärderingar som inte är inskickade. Kvar är inskickade självvärderingar och "
        "beställningar, som är allmänna handlingar."
    ),
    "erasure.choices": (
        "**Pseudonymisera nu** tar bort chefens namn, id och fritext från allt och går inte att ångra. **Avslå** "
        "när uppgifterna ska finnas kvar, t.ex. som allmän handling som gallras enligt dokumenthanteringsplanen; "
        "skälet skickas till chefen. Chefen får svaret i sin chatt."
    ),
    "erasure.pseudonymise": "Pseudonymisera nu",
    "erasure.decline": "Avslå",
    "erasure.reason_label": "Skäl (skickas till chefen)",
    "erasure.reason_placeholder": "t.ex. allmän handling som gallras enligt dokumenthanteringsplanen",
    "erasure.send_decline": "Skicka avslaget",
    "erasure.reason_missing": "Skriv ett skäl till avslaget – det skickas till chefen. Inget har ändrats.",
    "erasure.reason_too_long": "Skälet får vara högst {limit} tecken. Inget har ändrats.",
    "erasure.pseudonymised": "Pseudonymiserad {day} av {by}. Chefen får veta det i sin chatt.",
    "erasure.declined": "Avslagen {day} av {by}. Chefen får veta det i sin chatt. Skäl",
    "erasure.not_admin": "Bara administratörer kan besluta om radering. Inget har ändrats.",
    "erasure.unknown": "Den här begäran om radering finns inte. Inget har ändrats.",
    "erasure.already_decided": "Den här begäran är redan beslutad. Inget har ändrats.",
    "erasure.reminder": (
        "Påminnelse: den här begäran om radering väntar fortfarande på beslut. Den ska besvaras senast {day}."
    ),
    "erasure.reminder_late": (
        "Påminnelse: den här begäran om radering skulle ha besvarats senast {day} och väntar fortfarande på beslut."
    ),
    "erasure.list_title": "Begäranden om radering som väntar ({count})",
    "erasure.list_empty": "Inga begäranden om radering väntar.",
    "erasure.answer_title": "Svar på din begäran om radering",
    "erasure.answer_pseudonymised": (
        "Administratörerna har beviljat din begäran från {day}. Ditt namn, dina id och det du har skrivit är nu "
        "borttagna från självvärderingar och beställningar. Enheternas bedömningar och ärendena finns kvar utan "
        "koppling till dig. Det här är det sista jag skriver till dig; skriver du till mig igen börjar vi från "
        "början."
    ),
    "erasure.answer_declined": (
        "Administratörerna har avslagit din begäran från {day} om att radera resten av dina uppgifter. Det som "
        "raderades direkt när du frågade är fortfarande borta. Skälet till avslaget"
    ),
    "erasure.answer_complaint": (
        "Tycker du att beslutet är fel kan du fråga kommunens dataskyddsombud eller klaga hos "
        "Integritetsskyddsmyndigheten (IMY), imy.se."
    ),
    "help.command.my_data": "mina uppgifter",
    "help.explain.my_data": "visar vad som sparas om dig, och låter dig exportera det eller be om att få det raderat",
    # The administrators' export of the audit log (`logg export`), for the data protection officer
    "audit_export.title": "Export av loggen – {days}",
    "audit_export.intro": (
        "Här är loggen som fil, till exempel för dataskyddsombudet: vem som gjorde vad och när, äldst först. Filen "
        "innehåller namn, så spara den bara där den behövs."
    ),
    "audit_export.limits": (
        "Länkarna gäller i {minutes} och bara så länge du är administratör. Den som har en länk kan ladda "
        "ned filen, så dela den inte. Att du tog fram länkarna och varje nedladdning står i loggen."
    ),
    "audit_export.xlsx": "Loggen (Excel)",
    "audit_export.csv": "Loggen (CSV)",
    "audit_export.days_all": "hela loggen",
    "audit_export.days_from": "från {first}",
    "audit_export.days": "{first}–{last}",
    "audit_export.not_admin": (
        "Bara administratörer kan exportera loggen, eftersom den visar vem som har gjort vad. Be någon av dem om hjälp."
    ),
    "audit_export.not_a_day": (
        "Jag förstår inte {word} som ett datum. Skriv datum som 2026-01-01, till exempel **logg export 2026-01-01 "
        "2026-06-30**. Utan datum får du hela loggen."
    ),
    "audit_export.reversed": (
        "Det första datumet ska vara före det sista, till exempel **logg export 2026-01-01 2026-06-30**."
    ),
    "audit_export.too_many": (
        "Skriv högst två datum, från och till, till exempel **logg export 2026-01-01 2026-06-30**. Med ett datum "
        "får du loggen från den dagen."
    ),
    "audit_export.link_not_admin": (
        "Länken gäller bara för en administratör, och den som den togs fram för är inte administratör längre."
    ),
    "export.sheet.audit_log": "Logg",
    "export.columns.audit_log": "Tid (svensk tid), Namn, Id, Händelse, Gäller",
    "audit.export.audit_log_links": "tog fram länkar för att exportera loggen (datum)",
    "audit.export.audit_log": "exporterade loggen (format, datum)",
    "export.busy": "Flera Excel-filer skapas just nu. Försök igen om en halv minut; länken gäller fortfarande.",
    "my_data.reminders": "Påminnelser",
    "my_data.reminders_on": "på",
    "my_data.reminders_off": "avstängda sedan {day}",
    "my_data.last_reminded": "{switch}, senast påmind {day}",
    "my_data.assessment_line": (
        "{unit} · {period} · version {version} · kommentarer: {comments} · förbättringsidéer: {ideas}"
    ),
    "my_data.last_seen": "Senaste gången",
    "my_data.title": "Det här har jag sparat om dig",
    "audit.person.erased": "raderade en persons uppgifter",
    "audit.person.erasure_requested": "bad om att få sina uppgifter raderade",
    "audit.person.erasure_declined": "avslog en begäran om radering",
    "audit.retention.purged": "rensade personuppgifter enligt lagringstiden",
    # Exportera mina uppgifter (fil i chefens OneDrive via Teams filgodkännande)
    "my_data.export": "Exportera mina uppgifter",
    "my_data.export_note": (
        "Exporten innehåller allt som står här och dessutom hela texten i dina kommentarer, förbättringsidéer "
        "och beställningar."
    ),
    "my_data.export_file_name": "kvalitetslotsen-mina-uppgifter-{date}.json",
    "my_data.export_description": (
        "Allt som Kvalitetslotsen har sparat om dig, med hela texten i dina kommentarer, förbättringsidéer och "
        "beställningar. Filen sparas i din egen OneDrive."
    ),
    "my_data.export_offer": (
        "Godkänn nedan så sparar jag en fil med dina uppgifter i din OneDrive. Den delas inte med någon annan."
    ),
    "my_data.export_about": (
        "Det här är allt som Kvalitetslotsen hade sparat om dig när filen skapades. Tidpunkter anges i UTC. "
        "Frågor om behandlingen besvaras av kommunens dataskyddsombud."
    ),
    "my_data.export_done": "Klart! Filen med dina uppgifter finns nu i din OneDrive.",
    "my_data.export_declined": (
        "Okej, jag sparar ingen fil. Du kan exportera dina uppgifter när du vill under **mina uppgifter**."
    ),
    "my_data.export_failed": (
        "Jag kunde inte spara filen i din OneDrive just nu. Försök igen om en stund under **mina uppgifter**."
    ),
    "my_data.export_refused": (
        "Jag sparade ingen fil: platsen den skulle sparas på är inte en OneDrive som jag känner igen. Inget har "
        "skickats. Försök igen under **mina uppgifter**."
    ),
    "my_data.export_nothing": "Jag har inga uppgifter sparade om dig.",
    # Meddelande till chefen när den som agerade har raderat sina uppgifter: teamet nämns i stället
    "notify.team.take": "Kvalitetsteamet har tagit ditt ärende {reference} ({offering}).",
    "notify.team.comment": "Kvalitetsteamet har kommenterat ditt ärende {reference} ({offering}).",
    # Loggen: vem, när det inte är en namngiven person
    "audit.actor.retention": "Lagringstiden (automatiskt)",
    "audit.actor.erased": "raderad person",
    "audit.actor.purged": "namnet rensat enligt lagringstiden",
    "audit.actor.unknown": "namn saknas",
    # Loggen: vad en körning enligt lagringstiden rensade
    "audit.purged.subject": "Uppgifter daterade före {day}: {counts}.",
    "audit.purged.managers.one": "1 chef pseudonymiserad",
    "audit.purged.managers.other": "{count} chefer pseudonymiserade",
    "audit.purged.comments.one": "1 kommentar",
    "audit.purged.comments.other": "{count} kommentarer",
    "audit.purged.ideas.one": "1 förbättringsidé",
    "audit.purged.ideas.other": "{count} förbättringsidéer",
    "audit.purged.assessments.one": "1 självvärdering",
    "audit.purged.assessments.other": "{count} självvärderingar",
    "audit.purged.requests.one": "1 ärende",
    "audit.purged.requests.other": "{count} ärenden",
    "audit.purged.request_events.one": "1 rad i ärendehistoriken",
    "audit.purged.request_events.other": "{count} rader i ärendehistoriken",
    "audit.purged.audit_entries.one": "1 rad i loggen",
    "audit.purged.audit_entries.other": "{count} rader i loggen",
    "audit.purged.chat_states.one": "1 chattläge",
    "audit.purged.chat_states.other": "{count} chattlägen",
    "audit.purged.outbox_items.one": "1 meddelande",
    "audit.purged.outbox_items.other": "{count} meddelanden",
    "audit.purged.channel_links.one": "1 kanalkoppling",
    "audit.purged.channel_links.other": "{count} kanalkopplingar",
    "audit.purged.follow_ups.one": "1 kommentar i en uppföljning",
    "audit.purged.follow_ups.other": "{count} kommentarer i uppföljningar",
    "audit.purged.actions.one": "1 åtgärd",
    "audit.purged.actions.other": "{count} åtgärder",
    "audit.purged.pulse_invitations.one": "1 fråga i styrmodellspulsen",
    "audit.purged.pulse_invitations.other": "{count} frågor i styrmodellspulsen",
    "audit.purged.group_rounds.one": "1 gruppbedömning (vem som startade den)",
    "audit.purged.group_rounds.other": "{count} gruppbedömningar (vem som startade dem)",
    "audit.purged.group_round_texts.one": "1 fritextsvar i en gruppbedömning",
    "audit.purged.group_round_texts.other": "{count} fritextsvar i gruppbedömningar",
    "audit.purged.other_rule": "övriga uppgifter: {count}",
    # Personuppgifter i fritext
    "personal_data.hint": "Skriv inte namn, personnummer eller andra uppgifter om brukare, elever eller medarbetare.",
    "personal_data.hint_short": "Inga uppgifter om brukare, elever eller medarbetare",
    "personal_data.team_hint": "Skriv inte uppgifter om brukare, elever eller medarbetare – chefen får texten.",
    "personal_data.title": "Ta bort personuppgifterna",
    "personal_data.found.personal_identity_number": "Det ser ut som ett personnummer",
    "personal_data.found.coordination_number": "Det ser ut som ett samordningsnummer",
    "personal_data.found.phone": "Det ser ut som ett telefonnummer",
    "personal_data.found.email": "Det ser ut som en e-postadress",
    "personal_data.ask": (
        "Uppgifter om brukare, elever eller medarbetare ska inte stå här. Ta bort dem och tryck på knappen "
        "igen. Inget från kortet har sparats."
    ),
    "personal_data.save_anyway": "Det är inte en personuppgift – spara ändå",
    "personal_data.continue_anyway": "Det är inte en personuppgift – fortsätt ändå",
    # Vad kan vi sluta göra? (bot/cards/stop_doing.py)
    "stop_doing.title": "Vad kan enheten sluta göra eller förenkla?",
    "stop_doing.intro": (
        "Finns det något i enhetens arbete som inte skapar värde för dem enheten är till för – något som kan "
        "tas bort eller göras enklare? Frågan är frivillig. Kvalitetsteamet läser svaren per förvaltning. "
        "Svaret sparas när du skickar in."
    ),
    "stop_doing.label": "Sluta göra eller förenkla (valfritt)",
    "stop_doing.answer_label": "Kan sluta göra eller förenkla",
    "stop_doing.submit_anyway": "Det är inte en personuppgift – skicka in ändå",
    "stop_doing.too_long": (
        "Svaret på ”Vad kan enheten sluta göra?” får vara högst {limit} tecken. Korta det och skicka in igen."
    ),
    "stop_doing.report.title": "Vad kan enheterna sluta göra?",
    "stop_doing.report.none": "Ingen enhet har svarat på frågan den här perioden.",
    "stop_doing.report.line": "Har svarat: {answered} av {submitted} som skickat in",
    "stop_doing.report.latest": "{department}: de senaste svaren",
    "stop_doing.report.toggle": "Visa svar",
    # Styrmodellspuls (bot/cards/pulse.py)
    "pulse.title": "Hur stöder styrmodellen dig?",
    "pulse.intro": (
        "En gång per period frågar vi cheferna hur styrmodellen fungerar för dem. Ditt svar sparas utan ditt "
        "namn: ingen – inte heller kvalitetsteamet – kan se vad just du svarade, och medelvärdet visas först "
        "när minst {count} chefer har svarat."
    ),
    "pulse.question": "Hur väl stöder styrmodellen dig i ditt arbete som chef?",
    "pulse.scale.1": "1 – Inte alls",
    "pulse.scale.2": "2 – Lite",
    "pulse.scale.3": "3 – Delvis",
    "pulse.scale.4": "4 – Väl",
    "pulse.scale.5": "5 – Mycket väl",
    "pulse.scale_required": "Välj ett svar på skalan 1–5.",
    "pulse.comment_label": "Vad skulle göra styrmodellen och kvalitetsteamets stöd mer till hjälp för dig? (valfritt)",
    "pulse.send": "Skicka svar",
    "pulse.thanks_title": "Tack för ditt svar!",
    "pulse.thanks": "Ditt svar är sparat utan ditt namn. Du får frågan igen nästa period.",
    "pulse.unknown": "Den här frågan känner jag inte igen. Inget har sparats.",
    "pulse.not_asked": "Den här frågan skickades inte till dig, så ditt svar kan inte räknas. Inget har sparats.",
    "pulse.already_answered": (
        "Du har redan svarat för den här perioden. Ditt första svar gäller, och inget har ändrats."
    ),
    "pulse.closed": "Perioden är slut, så frågan tar inte emot fler svar. Inget har sparats.",
    "pulse.missing_score": "Välj ett svar på skalan 1–5 innan du skickar.",
    "pulse.bad_score": "Svaret måste vara ett av alternativen 1–5. Inget har sparats.",
    "pulse.bad_comment": "Kommentaren kunde inte läsas. Skriv den igen.",
    "pulse.too_long": "Kommentaren får vara högst {limit} tecken. Korta den och skicka igen.",
    "pulse.report.title": "Styrmodellspuls: stöder styrmodellen cheferna?",
    "pulse.report.none": "Ingen chef har svarat på pulsen under de här perioderna.",
    "pulse.report.intro": (
        "Cheferna svarar en gång per period på skalan 1–5 (5 = mycket väl), utan namn. Medelvärdet och "
        "kommentarerna visas när minst {count} har svarat."
    ),
    "pulse.report.answers": "Svar",
    "pulse.report.average": "Medel",
    "pulse.report.too_few": "För få svar den här perioden för att visa medelvärde och kommentarer (minst {count}).",
    "pulse.report.toggle": "Visa kommentarer ({count})",
    "pulse.report.more": "…och {count} till.",
}
