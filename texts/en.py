"""English texts, for Teams clients with an English locale. Same keys as texts/sv.py."""

TEXTS: dict[str, str] = {
    # Welcome and errors
    "welcome.greeting": "Hi {name}!",
    "welcome.greeting_plain": "Hi!",
    "welcome.body": (
        "I am **Kvalitetslotsen**. With me you carry out your unit's self-assessment of the quality factors – "
        "one card per perspective – and you can pause and continue whenever it suits you. You can also order "
        "training or support from the quality team. Type **help** to learn more."
    ),
    "welcome.privacy_title": "**About your personal data**",
    "welcome.stored": "I store your name and Teams id, the units you assess, the answers you give and your orders.",
    "welcome.privacy_link": "[How the municipality processes personal data]({url})",
    "error.generic": "Sorry, a technical error occurred. What you have saved is kept. Type **menu** to go on.",
    # Counts: the word in the right number, one form for 1 and one for every other number (Texts.count)
    "count.action.one": "{count} action",
    "count.action.other": "{count} actions",
    "count.card.one": "{count} card",
    "count.card.other": "{count} cards",
    "count.day.one": "{count} day",
    "count.day.other": "{count} days",
    "count.factor.one": "{count} factor",
    "count.factor.other": "{count} factors",
    "count.minute.one": "{count} minute",
    "count.minute.other": "{count} minutes",
    "count.month.one": "{count} month",
    "count.month.other": "{count} months",
    "count.period.one": "{count} period",
    "count.period.other": "{count} periods",
    "count.perspective.one": "{count} perspective",
    "count.perspective.other": "{count} perspectives",
    "count.request.one": "{count} request",
    "count.request.other": "{count} requests",
    "count.unit.one": "{count} unit",
    "count.unit.other": "{count} units",
    # Menu and help
    "menu.title": "What would you like to do?",
    "menu.unit": "Unit: {unit}",
    "menu.no_unit": "You have not chosen a unit yet.",
    "menu.assessment": "Self-assessment",
    "menu.change_unit": "Change unit",
    "menu.help": "Help",
    "menu.open": "Back to the menu",
    "menu.hint": "Choose from the menu above, or type for example **self-assessment** or **help**.",
    "talk.thanks": "You're welcome! Type **menu** whenever you need me.",
    "talk.not_understood": "Sorry, I did not understand that. Choose in the menu, or tap one of the suggestions.",
    "talk.channel_only": (
        "**report**, **export**, **requests**, **remind** and **link channel** are the central quality team's "
        "commands. They work in the team's linked channel: write, for example, **@Kvalitetslotsen report** "
        "there. Here you see your own requests with **my requests** and your unit's results with **my results**."
    ),
    "main.cancelled": "Cancelled. What you have already saved is kept.",
    "main.nothing_to_cancel": "There is nothing in progress to cancel.",
    "help.title": "How Kvalitetslotsen works",
    "help.intro": (
        "You assess how well your unit meets the municipality's quality factors in four perspectives. You rate "
        "each factor on the {lowest}–{highest} scale, from “{lowest_label}” to “{highest_label}”, or as "
        "“{not_applicable}”. You can also add a comment and an improvement idea. You can type these words at "
        "any time:"
    ),
    "help.command.menu": "menu",
    "help.command.assessment": "self-assessment",
    "help.command.change_unit": "change unit",
    "help.command.cancel": "cancel",
    "help.command.help": "help",
    "help.explain.menu": "shows the menu",
    "help.explain.assessment": "starts or continues your unit's self-assessment",
    "help.explain.change_unit": "chooses another unit",
    "help.explain.cancel": "cancels what you are doing",
    "help.explain.help": "shows this help",
    "help.saving": (
        "Your answers are saved after every card, so you can stop whenever you like and continue later – even "
        "on another device. When you submit, the self-assessment is stored as final."
    ),
    "prompt.use_card": "Fill in the card above and press its button. You can also type **menu** or **cancel**.",
    "prompt.stale_card": "That card is no longer current. Use the latest card, or type **menu** to start over.",
    "channel.personal_only": (
        "Self-assessments are done in a personal chat with me: open Kvalitetslotsen under Apps in Teams."
    ),
    "channel.installed": "Hello! I am Kvalitetslotsen. Managers do their self-assessments in a personal chat with me.",
    # Unit
    "units.title": "Choose a unit",
    "units.department_intro": "Which department does the unit belong to?",
    "units.department_label": "Department",
    "units.department_required": "Choose a department.",
    "units.next": "Next",
    "units.own_units": "Or choose one of your units:",
    "units.unit_label": "Unit",
    "units.unit_required": "Choose a unit.",
    "units.choose": "Choose unit",
    "units.back": "Back",
    "unit.hint": "Choose in the card above, or type the unit's name.",
    "unit.unknown_department": "That department is not in the catalogue. Choose one from the list.",
    "unit.unknown_unit": "That unit is not in the catalogue. Choose one from the list.",
    "unit.chosen": "Done! Chosen unit: **{unit}** ({department}).",
    "unit.several_matches": "Several units match: {names}. Type the full name or choose in the card.",
    "unit.no_match": "I cannot find a unit with that name. Choose in the card above.",
    "unit.not_yours": (
        "You are not listed as the manager of {unit} in the municipality's register, so you cannot do a "
        "self-assessment or order support for that unit. Choose one of your units."
    ),
    "unit.no_longer_yours": (
        "You are no longer listed as the manager of that unit in the municipality's register, so I have "
        "stopped. What was already saved stays with the unit. Contact the quality team if that is wrong."
    ),
    "unit.not_listed": (
        "I cannot find you as the manager of any unit in {municipality}'s register of unit managers. "
        "If that is wrong, contact the quality team and they will add you."
    ),
    # Self-assessment
    "assessment.choose_unit_first": "First I need to know which unit the self-assessment is for.",
    "assessment.intro": (
        "Let's start the self-assessment for **{unit}**, period {period}. You will get {count}, one per "
        "perspective. Answers are saved after every card, so you can pause whenever you like."
    ),
    "assessment.resumed": (
        "Welcome back! You are continuing the draft for **{unit}**, period {period} (last saved {date}). "
        "{done} of {count} are done."
    ),
    "assessment.new_version": (
        "Version {version} has been started with the answers of the submitted version filled in – change what "
        "has changed."
    ),
    "assessment.card_subtitle": "{unit} · {period} · perspective {number} of {total}",
    "assessment.comment_label": "Comment on statement {number} (optional)",
    "assessment.statement": "statement {number}",
    "assessment.add_comment": "Add a comment",
    "assessment.rating_placeholder": "Choose an answer",
    "assessment.missing_header": "The card is not saved. Choose an answer for:",
    "assessment.missing_mark": "Choose an answer",
    "assessment.missing_footer": (
        "Want to go on later? Press **Save draft** to keep what you have filled in without finishing the card."
    ),
    "assessment.comment_placeholder": "At most 1,000 characters",
    "assessment.idea_label": "Improvement idea for this perspective (optional)",
    "assessment.idea_placeholder": "What would make a difference? At most 2,000 characters",
    "assessment.save": "Save and continue",
    "assessment.back": "Back",
    "assessment.save_draft": "Save draft",
    "assessment.draft_saved": (
        "Your draft is saved: {answered} of {total} have an answer. Fill in the rest when you like – on the card "
        "above, or write **self-assessment** later, on your phone or another computer."
    ),
    "assessment.saved": "Saved ({number} of {count}).",
    "assessment.hint": (
        "Fill in the card above and press **Save and continue**. Not finished? Press **Save draft** and carry on later."
    ),
    "assessment.not_a_draft": "This self-assessment has already been submitted and cannot be changed.",
    "assessment.already_submitted_title": "Already submitted",
    "assessment.already_submitted": (
        "The self-assessment for {unit}, period {period}, has already been submitted (version {version}, {date}). "
        "Would you like to make a new version? The submitted version is kept unchanged."
    ),
    "assessment.start_version": "Start version {version}",
    "assessment.show_summary": "Show the summary",
    # Action plan: after the summary, My actions, the reminder and the follow-up in the next self-assessment
    "actions.plan_button": "Write an action plan",
    "actions.plan_title": "Action plan – {unit}",
    "actions.plan_intro": (
        "What will you do about the factors rated lowest? Write at most {count}: what you will do, who is "
        "responsible (a role is fine, for example “the coordinator”) and when it should be done. You get a reminder "
        "a week before the last day."
    ),
    "actions.planned_already": "You have already written {count} for this self-assessment.",
    "actions.number": "Action {number}",
    "actions.factor_label": "Which factor is action {number} for?",
    "actions.factor_placeholder": "Choose a factor",
    "actions.factor_only": "For the factor: {factor}",
    "actions.what_label": "What will you do? (action {number})",
    "actions.what_placeholder": "For example: Go through the routine for care plans at the staff meeting",
    "actions.who_label": "Who is responsible? (action {number})",
    "actions.who_placeholder": "A role or a name",
    "actions.due_label": "Done by (action {number})",
    "actions.save": "Save the actions",
    "actions.skip": "Skip",
    "actions.skipped": "All right, no action plan this time. You can write one later with **action plan**.",
    "actions.saved": (
        "Saved: {count}. You get a reminder a week before the last day, and the next self-assessment asks how it "
        "went. Write **my actions** to see them."
    ),
    "actions.no_weak": "Every rated factor has the highest rating, so there is nothing to plan actions for.",
    "actions.full": "This self-assessment already has {count}, and no more can be added.",
    "actions.no_assessment": (
        "The unit has no self-assessment yet. Do the self-assessment first; you can write an action plan after "
        "the summary."
    ),
    "actions.choose_unit_first": "First choose which unit the action plan is for.",
    "actions.refused": "The actions were not saved:",
    "actions.problem.nothing": "Write at least one action, or press **Skip**.",
    "actions.problem.too_many": "You can write at most 3 actions for a self-assessment.",
    "actions.problem.missing.what": "Action {number}: write what you will do.",
    "actions.problem.missing.who": "Action {number}: write who is responsible.",
    "actions.problem.missing.due": "Action {number}: choose when it should be done.",
    "actions.problem.missing.factor": "Action {number}: choose which factor it is for.",
    "actions.problem.unknown_factor": "Action {number}: choose one of the factors in the list.",
    "actions.problem.wrong_type": "Action {number}: the answer could not be read. Fill it in again.",
    "actions.problem.too_long": "Action {number}: the text is too long. It may be at most {limit} characters.",
    "actions.problem.bad_date": "Action {number}: the date could not be read. Choose a date in the calendar.",
    "actions.problem.past": "Action {number}: that day has passed. Choose today or a later day.",
    "actions.problem.too_far": "Action {number}: choose a day within two years.",
    "actions.mine_title": "My actions",
    "actions.mine_intro": "Open actions for your units: {count}. Press the button when an action is done.",
    "actions.mine_none": "You have no open actions. You write an action plan after a self-assessment's summary.",
    "actions.more": "…and {count} more.",
    "actions.what": "Action",
    "actions.who": "Responsible",
    "actions.due_line": "Done by {day}",
    "actions.overdue_line": "Should have been done {day}",
    "actions.factor_line": "{unit} · {factor}",
    "actions.mark_done": "Mark as done",
    "actions.mark_done_named": "Done: {what}",
    "actions.marked_done": "Well done! The action is marked as done: {what}",
    "actions.already_done": "That action is already done.",
    "actions.not_found": "I cannot find that action for your units. Write **my actions** to see them.",
    "actions.reminder_title": "Reminder: action",
    "actions.reminder_body": "In a week, on {day}, this action for {unit} should be done:",
    "actions.reminder_off_hint": "Would you rather not get reminders? Press “Stop reminding me”.",
    "actions.follow_up_title": "How did the actions go? – {perspective}",
    "actions.follow_up_intro": (
        "Last time you planned {count} for this perspective. Tell how it went before you rate the factors."
    ),
    "actions.outcome_label": "How did action {number} go?",
    "actions.outcome_required": "Choose how it went.",
    "actions.outcome.done": "Done",
    "actions.outcome.partly": "Partly done",
    "actions.outcome.not_done": "Not done",
    "actions.outcome_comment_label": "Comment on action {number} (optional)",
    "actions.outcome_comment_placeholder": "What happened? At most 1,000 characters",
    "actions.follow_up_save": "Save and continue",
    "actions.follow_up_saved": "Thank you! Now on to the perspective.",
    "actions.follow_up_problem": "Choose how each action went. A comment may be at most 1,000 characters.",
    "actions.report.title": "Action plans",
    "actions.report.none": "No actions are planned after this period's self-assessments.",
    "actions.report.line": "{planned} planned · {done} done · {overdue} overdue",
    "actions.report.hint": (
        "Actions the managers planned after the period's self-assessments. Overdue: not done after the last day."
    ),
    "assessment.previous_rating": "Last time: {rating}",
    "assessment.previous_rating_reworded": "Last time: {rating} (worded differently then)",
    "assessment.previous_new_factor": "New factor since last time.",
    "assessment.offer_title": "Do you want to start from your previous answers?",
    "assessment.offer_text": (
        "{unit} last submitted a self-assessment for {period} (version {version}). You can start with those "
        "ratings filled in and change what has changed. The comments are not copied – write new ones if you like."
    ),
    "assessment.offer_changed": "These factors have changed since then, so you rate them afresh:",
    "assessment.offer_new": "• New: {factor}",
    "assessment.offer_reworded": "• Reworded: {factor}",
    "assessment.offer_unchanged": "The factors are the same as last time.",
    "assessment.offer_accept": "Start from previous answers",
    "assessment.offer_decline": "Start blank",
    "assessment.offer_accepted": "Your previous answers are filled in. Go through them and change what has changed.",
    "assessment.offer_hint": "Choose on the card above whether to start from your previous answers or blank.",
    # Summary
    "summary.title": "Summary – {unit}",
    "summary.subtitle": "{period} · version {version} · {status}",
    "summary.draft": "draft",
    "summary.submitted_on": "submitted {date}",
    "summary.perspective": "Perspective",
    "summary.result": "Result",
    "summary.change": "Change",
    "summary.average": "{average} of {maximum}",
    "summary.no_rating": "Not applicable",
    "summary.first_assessment": "This is the unit's first self-assessment, so there is nothing to compare with.",
    "summary.weakest_title": "Factors with the lowest rating",
    "summary.factor_comment": "Comment",
    "summary.no_weak": "No factor is rated {threshold} or lower.",
    "summary.weakest_rule": "Factors rated {threshold} or lower, at most three.",
    "summary.compared_with": "Change is compared with the unit's previous submitted self-assessment: {period}.",
    "summary.compared_with_version": (
        "Change is compared with the unit's previous submitted self-assessment: version {version} of {period}."
    ),
    "summary.none_rated": "No factor has been rated on the scale yet.",
    "summary.ideas": "There are improvement ideas for {count} of {total}.",
    "summary.submit": "Submit",
    "summary.edit": "Change a perspective",
    "summary.later": "Continue later",
    "summary.hint": "Press **Submit** when you are done, or **Continue later** if you want to wait.",
    "summary.saved_for_later": (
        "The draft is saved. Type **self-assessment** when you want to continue – another device works too."
    ),
    "summary.incomplete": "Some factors have no answer yet. Fill them in, and then you can submit.",
    "summary.thanks": (
        "Thank you! The self-assessment for **{unit}**, period {period} (version {version}), is submitted and saved."
    ),
    # Group assessment: the work group's anonymous assessment (the manager's card, the card in the chat, results)
    "menu.my_actions": "My actions",
    "help.command.my_actions": "my actions",
    "help.explain.my_actions": "shows your units' actions not yet done, and you can mark them as done",
    "help.command.action_plan": "action plan",
    "help.explain.action_plan": "writes an action plan for the weakest factors of the latest self-assessment",
    "menu.group_round": "Group assessment",
    "help.command.group_round": "group assessment",
    "help.explain.group_round": "lets your work group rate the same factors anonymously in its Teams chat",
    "summary.group_round": "Invite the work group",
    "group.choose_unit_first": "First choose which unit the group assessment is for.",
    "group.not_yours": "You are not the manager of that unit, so you cannot start a group assessment for it.",
    "group.title": "Group assessment – {unit}",
    "group.subtitle": "Period {period}",
    "group.promise": (
        "Your answer is anonymous: nobody – not the manager, the quality team or anyone reading the database – can "
        "see who answered what. Results are shown only for the whole group, once the round is closed and at least "
        "{minimum} have answered."
    ),
    "group.start.intro": (
        "Your work group can now rate the same {count} quality factors as you, anonymously, in its own Teams chat. "
        "You see the group's result beside your own rating once at least {minimum} have answered."
    ),
    "group.start.how_title": "How to start",
    "group.start.how": (
        "1. Open your work group's group chat or channel in Teams.\n"
        "2. Add Kvalitetslotsen there: in a group chat, select the people at the top, then **Apps** and **Add**; in "
        "a team, add the app under **Apps**.\n"
        "3. Write **@Kvalitetslotsen group assessment** in the chat and choose the unit. If the app is in the chat "
        "already, start at step 3."
    ),
    "group.start.members": "The chat needs at least {minimum} members, or the result can never be shown.",
    "group.start.open": (
        "The group assessment is running in your work group's chat. {answers} have answered so far, and the last "
        "day is {day}. You remind and close on the card in the chat."
    ),
    "group.start.closed": "The group assessment for the period is closed. {answers} answered. See **My results**.",
    "group.pick.title": "Start a group assessment here",
    "group.pick.intro": "Choose which unit this chat will rate. Everyone in the chat can answer once, anonymously.",
    "group.pick.button": "{unit}, {period}",
    "group.card.asked": (
        "How well does {unit} meet the municipality's quality factors? Rate {count} on the scale and, if "
        "you like, answer one question. It takes a few minutes."
    ),
    "group.card.deadline": "Answer by {day}.",
    "group.card.count": "Answers so far: {answers}",
    "group.card.answered": "You have answered. Thank you!",
    "group.card.answer": "Answer",
    "group.card.manager_hint": "You manage this unit: you can remind the group once and close the round.",
    "group.card.remind": "Remind the group",
    "group.card.close": "Close the round now",
    "group.card.closed": "The round is closed. {answers} answered. The manager sees the result.",
    "group.form.subtitle": "Your own form – only you see it",
    "group.form.required": "Choose an answer, or Not applicable.",
    "group.form.choose": "Choose",
    "group.form.question": "What would make the biggest difference? (optional)",
    "group.form.send": "Send my answer",
    "group.form.back": "Back",
    "group.form.missing": "Choose an answer for every factor, or Not applicable. Nothing was saved.",
    "group.form.wrong": "One of the answers is not on the scale. Choose again. Nothing was saved.",
    "group.form.too_long": "The text is too long. Write at most {limit} characters. Nothing was saved.",
    "group.form.personal_data": "The text seems to hold personal data. Nothing was saved.",
    "group.thanks": "Thank you! Your answer is saved, without your name.",
    "group.reminded": "The reminder is on its way to the chat.",
    "group.closed_now": "The round is closed. You see the result in **My results** if enough people answered.",
    "group.reminder": "Reminder: answer the group assessment for {unit} by {day}. Press **Answer** on the card above.",
    "group.chat.installed": (
        "Hello! I am **Kvalitetslotsen**. Here your work group can do a group assessment: everyone rates the unit's "
        "quality factors anonymously. The unit's manager starts it by writing **@Kvalitetslotsen group "
        "assessment** here."
    ),
    "group.chat.help": (
        "In this chat I run group assessments. The unit's manager starts one by writing **@Kvalitetslotsen group "
        "assessment**. Everything else you do in your own chat with me."
    ),
    "group.chat.nothing_to_start": (
        "There is no group assessment you can start here. First choose **Group assessment** in the menu of your "
        "own chat with me. Only the unit's manager can start it."
    ),
    "group.refused.unknown": "This card does not belong to any group assessment I know of. Nothing was saved.",
    "group.refused.wrong_chat": (
        "This card belongs to a group assessment in another chat. Answer in the chat where the card was posted. "
        "Nothing was saved."
    ),
    "group.refused.not_manager": "Only the unit's manager can do this. Nothing was changed.",
    "group.refused.closed": "The round is closed, so answers are no longer taken. Nothing was saved.",
    "group.refused.already_answered": "You have already answered this group assessment. Everyone answers once.",
    "group.refused.already_reminded": "You have already reminded the group once. You can remind only once.",
    "group.refused.already_posted": "This group assessment has already been started in a chat.",
    "group.refused.not_member": (
        "I cannot see that you are in this chat, so your answer cannot count. Nothing was saved."
    ),
    "group.refused.no_roster": "I could not see who is in the chat. Please try again in a moment.",
    "group.refused.too_few_members": (
        "The chat has {members} members, but results are shown only when at least {minimum} have answered, so the "
        "result could never be shown here. Choose a chat with at least {minimum} members. Nothing was started."
    ),
    "group.too_few": "too few answers to show",
    "group.result.title": "The work group's assessment, {period}",
    "group.result.waiting": "The group assessment has not been started in any chat yet.",
    "group.result.open": "Running: {answers} have answered so far. The result is shown when the round closes ({day}).",
    "group.result.too_few_why": (
        "Results are shown only when at least {minimum} have answered, so nobody can be singled out."
    ),
    "group.result.intro": "{answers} answered. The group's average and spread are beside your own rating.",
    "group.result.gaps_title": "Largest gaps between the group and you – talk about them at the next team meeting:",
    "group.result.gap_line": "{factor}: the group {group}, you {mine} (gap {gap})",
    "group.result.gaps_hint": "Plus means the group rates higher than you, minus that it rates lower.",
    "group.result.no_own_rating": (
        "You have not done the period's self-assessment, so there is nothing to compare with."
    ),
    "group.result.factor": "Factor",
    "group.result.group": "The group",
    "group.result.mine": "You",
    "group.result.average": "{average} (spread {spread})",
    "group.result.none_rated": "Not applicable",
    "group.result.spread_hint": (
        "A spread of 0 means everyone answered alike; the higher it is, the more answers differ."
    ),
    "group.result.comments_title": "What would make the biggest difference? (without names, in random order)",
    "group.result.no_comments": "Nobody wrote anything.",
    "group.result.more_comments": "{count} more answers do not fit here. Long answers are shortened.",
    "group.report.title": "Group assessments",
    "group.report.none": "No unit has closed a group assessment for the period.",
    "group.report.line": "{closed}, {shown} with results, average gap {gap}",
    "group.report.hint": (
        "Average gap: how far the group's average is from the manager's rating, on average per factor. Units with "
        "fewer answers than the threshold are counted but not included in the average."
    ),
    # Card errors
    "errors.header": "I could not save the card:",
    "errors.footer": "Nothing from the card has been saved. Correct it and press **Save and continue** again.",
    "errors.rating_missing": "Choose an answer for “{factor}”.",
    "errors.score_out_of_scale": "The answer for “{factor}” is not on the scale. Choose one of the options.",
    "errors.unknown_factor": "The card contained a quality factor that is not part of this self-assessment ({factor}).",
    "errors.wrong_type.score": "The answer for “{factor}” has the wrong format. Choose one of the options.",
    "errors.wrong_type.comment": "The comment on “{factor}” has the wrong format.",
    "errors.wrong_type.idea": "The improvement idea has the wrong format.",
    "errors.too_long.comment": "The comment on “{factor}” is too long. It may be at most {limit} characters.",
    "errors.too_long.idea": "The improvement idea is too long. It may be at most {limit} characters.",
    # Support requests
    "request.webhook_note": (
        "This card comes here because Kvalitetslotsen cannot post in the quality team's channel right now: no channel "
        "is linked, or Teams does not let the bot post there. The request is saved, and its card with the buttons "
        "goes to the channel as soon as it can be reached. An administrator links the channel with "
        "**@Kvalitetslotsen link channel**."
    ),
    "request.card_title": "{reference} · {offering}",
    "request.card_subtitle": "{unit} · {department}",
    "request.status.new": "New",
    "request.status.planned": "Planned",
    "request.status.closed": "Closed",
    "request.status.declined": "Declined",
    "request.status.cancelled": "Withdrawn",
    "request.fact.status": "Status",
    "request.fact.manager": "Ordered by",
    "request.fact.period": "Preferred period",
    "request.fact.ordered": "Ordered",
    "request.fact.assignee": "Handled by",
    "request.fact.planned": "Planned for",
    "request.planned_at": "{date} at {time}",
    "request.teams_meeting": "Teams meeting",
    "request.meeting_subject": "{reference} · {offering}",
    "request.fact.need": "Need",
    "request.unknown": "unknown",
    "request.asap": "As soon as possible",
    "request.urgent": "Urgent",
    "request.urgency_reason": "Why it is urgent",
    "request.fact.priority": "Priority",
    "request.priority.urgent": "urgent",
    "request.priority.normal": "normal",
    "request.from_factor": "Ordered from the self-assessment's factor “{factor}”.",
    "request.unit.show": "Show the unit {unit}",
    "request.unit.results": "Latest submitted self-assessment ({period}), average per perspective",
    "request.unit.no_assessment": "The unit has not submitted a self-assessment yet.",
    "request.unit.no_rating": "not applicable",
    "request.unit.factor": "Ordered for the factor “{factor}”",
    "request.unit.rating": "The manager's rating: {score} of {maximum}",
    "request.unit.comment": "The manager's comment",
    "request.unit.actions": "Open actions in the unit's action plan",
    "request.unit.action_detail": "responsible: {responsible}, due {due}",
    "request.unit.action_overdue": "overdue",
    "request.unit.more_actions": "… and {count} more.",
    "request.unit.earlier": "The unit's earlier requests",
    "request.unit.no_earlier": "No earlier requests.",
    "request.unit.with_follow_up": "{status}, follow-up {score} of 5",
    "request.history": "History",
    "request.next.new": "Next step: take the request. The manager is then told in chat who is handling it.",
    "request.next.taken": "Next step: plan a date. The manager gets the plan in chat.",
    "request.next.planned": (
        "Next step: close the request once the support has been given. The manager is told in chat and later "
        "asked whether the support helped."
    ),
    "request.next.closed": "The request is closed. There is nothing more to do here.",
    "request.next.declined": "The request is declined. There is nothing more to do here.",
    "request.next.cancelled": "The manager has withdrawn the order. There is nothing more to do here.",
    "request.event.created": "{actor} ordered the support",
    "request.event.take": "{actor} took the request",
    "request.event.plan": "{actor} planned it",
    "request.event.comment": "{actor} commented",
    "request.event.note": "{actor} wrote an internal note (seen only by the quality team)",
    "request.event.reply": "{actor} replied",
    "request.event.add_info": "{actor} added information",
    "request.event.correct": "{actor} corrected the order",
    "request.event.edit": "{actor} changed the order",
    "request.event.reopen": "{actor} reopened the request",
    "request.corrected.offering": "Support",
    "request.corrected.unit": "Unit",
    "request.corrected.preferred_period": "Preferred period",
    "request.corrected.participants": "Number of participants",
    "request.event.close": "{actor} closed the request",
    "request.event.decline": "{actor} declined",
    "request.event.cancel": "{actor} withdrew the order",
    "request.event.assign": "{actor} gave the request to {assignee}",
    "request.event.give_back": "{actor} gave the request back",
    "request.event.priority.urgent": "{actor} marked the request as urgent",
    "request.event.priority.normal": "{actor} changed the priority to normal",
    "request.action.take": "Take it",
    "request.action.take_over": "Take it over",
    "request.action.plan": "Plan",
    "request.action.save_plan": "Save the plan",
    "request.action.book_meeting": "Book a meeting",
    "request.action.comment": "Comment",
    "request.action.save_comment": "Save the comment",
    "request.action.note": "Internal note",
    "request.action.save_note": "Save the note",
    "request.action.close": "Close",
    "request.action.confirm_close": "Close the request",
    "request.action.decline": "Decline",
    "request.action.confirm_decline": "Decline the request",
    "request.action.assign": "Assign",
    "request.action.reassign": "Give to someone else",
    "request.action.confirm_assign": "Assign the request",
    "request.action.give_back": "Give back",
    "request.action.confirm_give_back": "Give the request back",
    "request.action.urgent": "Mark as urgent",
    "request.action.normal": "Change to normal priority",
    "request.action.save_priority": "Save the priority",
    "request.action.correct": "Correct the order",
    "request.action.save_correction": "Save the correction",
    "request.action.reopen": "Reopen",
    "request.action.confirm_reopen": "Reopen the request",
    "request.input.date": "Date",
    "request.input.date_required": "Choose a date.",
    "request.input.time": "Time (optional)",
    "request.input.online": "It will be a Teams meeting",
    "request.input.place": "Place, unless it is a Teams meeting (optional)",
    "request.input.plan_note": "Note to the manager (optional)",
    "request.input.comment": "Comment",
    "request.input.note": "Internal note",
    "request.input.note_hint": (
        "The note is seen only by the quality team, here on the card. The manager gets no message about it. "
        "It is still part of the request and may be disclosed if someone asks for it."
    ),
    "request.input.close_note": "Closing comment (optional)",
    "request.input.reason": "Reason for declining",
    "request.input.text_required": "Write a text.",
    "request.input.assignee": "Who in the quality team should handle the request?",
    "request.input.assignee_placeholder": "Search by name",
    "request.input.assignee_required": "Choose someone in the quality team.",
    "request.input.assign_note": "Message to your colleague (optional)",
    "request.input.give_back_note": "Why are you giving the request back? (optional)",
    "request.input.priority_reason": "Reason for the change",
    "request.input.correction_reason": "Why are you correcting the order?",
    "request.input.reopen_reason": "Why is the request reopened?",
    "notify.take": "{actor} of the quality team has taken your request {reference} ({offering}).",
    "notify.plan": "Your request {reference} ({offering}) is planned for {date}.",
    "notify.comment": "{actor} of the quality team has commented on your request {reference} ({offering}).",
    "notify.close": "Your request {reference} ({offering}) is closed.",
    "notify.decline": "The quality team has declined your request {reference} ({offering}).",
    "notify.note.plan": "Note",
    "notify.note.comment": "Comment",
    "notify.note.close": "Comment",
    "notify.note.decline": "Reason",
    "notify.note.take": "Comment",
    "notify.assign": "Your request {reference} ({offering}) is now handled by {assignee} in the quality team.",
    "notify.note.assign": "Message",
    "notify.assigned_to_you": "{actor} has given you the request {reference} ({offering}) for {unit}.",
    "notify.team.assigned_to_you": "You have been given the request {reference} ({offering}) for {unit}.",
    "notify.to_assignee.reply": (
        "{actor} has replied to the quality team's comment on the request {reference} ({offering}) for {unit}."
    ),
    "notify.team.to_assignee.reply": (
        "The manager has replied to the quality team's comment on the request {reference} ({offering}) for {unit}."
    ),
    "notify.to_assignee.add_info": "{actor} has added information to the request {reference} ({offering}) for {unit}.",
    "notify.team.to_assignee.add_info": (
        "The manager has added information to the request {reference} ({offering}) for {unit}."
    ),
    "notify.note.reply": "Reply",
    "notify.note.add_info": "Information",
    "notify.to_assignee.edit": "{actor} has changed their order {reference} ({offering}) for {unit}.",
    "notify.team.to_assignee.edit": "The manager has changed the order {reference} ({offering}) for {unit}.",
    "notify.note.edit": "Reason",
    "notify.open_card": "Open the card in the channel",
    "notify.card_in_channel": "You will find the card in the quality team's channel once it is posted there.",
    "notify.priority": (
        "{actor} in the quality team has changed the priority of your request {reference} ({offering}) to {priority}."
    ),
    "notify.note.priority": "Reason",
    "notify.correct": (
        "{actor} in the quality team has corrected your order {reference} ({offering}). Write **my requests** "
        "to see it as it is now."
    ),
    "notify.note.correct": "Reason",
    "notify.reopen": "{actor} in the quality team has reopened your request {reference} ({offering}).",
    "notify.note.reopen": "Reason",
    "channel.help": (
        "In this channel the quality team receives the managers' orders and submitted self-assessments. Write "
        "to me with @Kvalitetslotsen and one of: **requests** (open requests; for example **requests mine**, "
        "**requests unassigned** or **requests urgent sof**), **report** (the period at a "
        "glance, for example **report 2026-H2 sof**), **export** (Excel and CSV files, for example "
        "**export 2026-H2 sof**, **export all** for every period or **export 2026-H2 comments** with the "
        "managers' comments), **remind** (reminds the "
        "managers who have not submitted, for example **remind 2026-H2**), **channel** (which channel "
        "receives the cards), **link channel** or **unlink channel** (administrators), **give @name quality team** "
        "or **remove @name admin** (administrators give and take roles). Managers do their "
        "self-assessments and orders in a personal chat with me."
    ),
    "reminder.title": "Reminder: self-assessment",
    "reminder.body": (
        "Hello! The self-assessment for {period} is due by {ends}. These units have not submitted theirs yet:"
    ),
    "reminder.off_hint": (
        "Have you handed this over to someone else, or would you rather not get reminders? Press “Stop reminding me”."
    ),
    "reminder.start": "Do the self-assessment",
    "reminder.stop": "Stop reminding me",
    "reminder.turn_on": "Turn reminders back on",
    "reminder.turned_off": (
        "Done, you will get no more reminders about the self-assessment. You can turn them back on here or by "
        "writing **reminders on**."
    ),
    "reminder.turned_on": "Done, you will get reminders again when a self-assessment is waiting for you.",
    "help.command.reminders": "reminders off / on",
    "help.explain.reminders": "turns the reminders about the self-assessment off or on",
    "round.title": "Self-assessment reminders {period}",
    "round.queued": "Reminders being sent",
    "round.period_ended": (
        "The last day for submitting was {ends}, so no reminders are sent. Write **remind** and a period that "
        "can still be submitted for."
    ),
    "round.submitted": "Managers whose units have already submitted",
    "round.reminded_recently": "Reminded at most {days} ago",
    "round.opted_out": "Have turned reminders off",
    "round.unreachable": "Have no chat with Kvalitetslotsen",
    "round.left_for_next_round": "Wait for the next round",
    "round.after_hours": "It is outside working hours, so the reminders go out on {day} at {time}.",
    "round.pacing": "The reminders go out at the pace Teams allows; this can take a few minutes.",
    "round.outside_window": (
        "The period's reminders normally go out {first}–{last}. This round was sent at your request."
    ),
    "round.so_far": "So far for the period: {sent} sent, {waiting} waiting, {failed} not delivered.",
    "round.unreachable_hint": (
        "Someone with no chat with Kvalitetslotsen cannot get reminders: ask them to open the app in Teams "
        "once, or have it installed for them centrally."
    ),
    "round.unknown_period": "I do not know the period “{asked}”. The periods are: {periods}.",
    "report.title": "Report {period} – {scope}",
    "report.subtitle": "Self-assessments and requests · {date}",
    "report.whole_municipality": "Whole municipality",
    "report.coverage_title": "Submitted self-assessments",
    "report.coverage_summary": ("{submitted} of {units} have submitted ({share} %). Drafts in progress: {drafts}."),
    "report.submitted": "Submitted",
    "report.drafts": "Drafts",
    "report.units_submitted": "Submitted: {names}",
    "report.units_draft": "Draft in progress: {names}",
    "report.units_none": "Not started: {names}",
    "report.units_toggle": "Show the units",
    "report.department": "Department",
    "report.units": "Units",
    "report.results_title": "Results per perspective",
    "report.results_chart": "Average per perspective and department",
    "report.perspective": "Perspective",
    "report.abbreviations": "Abbreviations: {abbreviations}.",
    "report.no_results": "No unit has submitted a self-assessment for {period} yet.",
    "report.weakest_title": "Weakest factors",
    "report.weakest_line": "{average} · {factor} ({perspective}) · {units}",
    "report.trend_title": "Results over time – {scope}",
    "report.trend_intro": "Periods {periods}, each unit's latest submitted self-assessment.",
    "report.trend_empty_periods": "No unit submitted a self-assessment for {periods}.",
    "report.trend_not_applicable": (
        "Where a perspective is missing for a period, every unit answered Not applicable to its factors."
    ),
    "report.trend_none": "No submitted self-assessments for {periods}.",
    "report.requests_title": "Requests",
    "report.no_requests": "No orders yet.",
    "report.offering": "Support",
    "report.open": "Open",
    "report.closed": "Closed",
    "report.declined": "Declined",
    "report.cancelled": "Withdrawn",
    "report.ages": (
        "Open requests by how long they have waited – under 7 days: {young}, 7–30 days: {middle}, "
        "over 30 days: {old}. The oldest has waited {oldest}."
    ),
    "report.ages_none": "No open requests right now.",
    "report.lead_times": "Time from order (median) – to planned: {planned}. To closed: {closed}.",
    "report.lead_time": "{days} ({requests})",
    "report.lead_time_none": "no request has got that far yet",
    "report.unknown_filter": (
        "I do not recognise “{unknown}”. Write for example **report 2026-H2 sof**. "
        "Periods: {periods}. Departments: {departments}."
    ),
    "report.not_here": (
        "The requests and the report are shown only in the quality team's channel. Is this that channel? Then "
        "an administrator links it with **link channel**."
    ),
    "export.title": "Export {period} – {scope}",
    "export.all_periods": "all periods",
    "export.intro": (
        "Files for your own analysis in Excel. Self-assessments: one row per unit and factor from each active "
        "unit's latest submitted version, with the catalogue's texts. Requests: one row per request ordered in "
        "the period, with dates and lead times."
    ),
    "export.intro_all": (
        "Files for your own analysis in Excel, covering every period. Self-assessments: one row per unit, period "
        "and factor from each active unit's latest submitted version in each period, with the catalogue's texts. "
        "Requests: one row per request, whenever it was ordered, with dates and lead times."
    ),
    "export.unknown_filter": (
        "I do not recognise “{unknown}”. Write for example **export 2026-H2 sof** or **export all sof**. "
        "Periods: {periods} – or **all** for every period. Departments: {departments}. Add **comments** to "
        "include the managers' comments on the factors."
    ),
    "export.limits": (
        "The links work for {minutes}, for whoever has them – do not share them. The files contain no "
        "free text or names."
    ),
    "export.with_comments": "with comments",
    "export.comments_intro": (
        "The self-assessments also have a column with the manager's comment on each factor, as it is stored now."
    ),
    "export.limits_comments": (
        "The links work for {minutes}, for whoever has them – do not share them. The comments are free text that "
        "may name people: keep the file only where the quality team can reach it, and do not pass it on."
    ),
    "export.assessments_xlsx": "Self-assessments (Excel)",
    "export.assessments_csv": "Self-assessments (CSV)",
    "export.requests_xlsx": "Requests (Excel)",
    "export.requests_csv": "Requests (CSV)",
    "export.sheet.assessments": "Self-assessments",
    "export.sheet.requests": "Requests",
    "export.columns.assessments": (
        "department_key, department, unit_key, unit, period, version, submitted, catalogue_version, "
        "perspective_key, perspective, factor_key, factor, score, not_applicable, stop_doing"
    ),
    "export.columns.requests": (
        "number, offering_key, offering, status, department_key, department, unit_key, unit, preferred_period, "
        "ordered, planned_for, taken, planned, closed, days_to_planned, days_to_closed"
    ),
    "export.columns.comments": "comment",
    "export.link_invalid": "The link is not valid.",
    "export.link_expired": (
        "The link has expired. Write @Kvalitetslotsen export in the quality team's channel to get new links."
    ),
    "export.period_gone": "The period {period} is no longer in the catalogue.",
    "export.unavailable": "The export cannot be made just now. Please try again in a moment.",
    "channel.general": "General",
    "channel.linked": (
        "Done! The channel **{channel}** now receives every order and submitted self-assessment. Cards that "
        "were waiting are sent here now."
    ),
    "channel.unlinked": (
        "The channel is no longer linked. New cards wait until a channel is linked again – nothing is lost."
    ),
    "channel.none_linked": (
        "No channel is linked yet. An administrator writes **@Kvalitetslotsen link channel** in the channel "
        "that should receive the cards."
    ),
    "channel.linked_here": "This channel (**{channel}**) receives the cards. Linked by {by}.",
    "channel.linked_elsewhere": "The cards go to the channel **{channel}**, not here. Linked by {by}.",
    "channel.log_in_personal_chat": (
        "The log shows who did what, so it is not shown here in the channel. If you are an administrator, "
        "write **log** to me in a personal chat and you will get it there, or **log export** for the whole log "
        "as a file."
    ),
    "channel.not_admin": "Only administrators can link the channel. Ask one of them for help.",
    "channel.no_admins": "No administrators are configured yet (ADMIN_IDS), so nobody can link the channel.",
    "requests.open_title": "Open requests ({count})",
    "requests.none_open": "No open requests right now.",
    "requests.nobody": "nobody assigned",
    "card_action.not_central_team": "Only the quality team can handle requests. Nothing has changed.",
    "card_action.not_allowed_now": "That cannot be done with the request in this status. Nothing has changed.",
    "card_action.too_long": "The text is too long. It may be at most {limit} characters. Nothing has changed.",
    "card_action.missing.note": "Write a comment first. Nothing has changed.",
    "card_action.missing.reason": "Write a reason for declining. Nothing has changed.",
    "card_action.missing.date": "Choose a date first. Nothing has changed.",
    "card_action.bad_date": "The date could not be read. Choose a date in the calendar. Nothing has changed.",
    "card_action.date_in_past": "That date has passed. Choose a date from today on. Nothing has changed.",
    "card_action.bad_time": "The time could not be read. Write it as 09:30. Nothing has changed.",
    "card_action.not_a_member": (
        "A request can only be given to someone in the quality team. Choose a person in the team. Nothing has changed."
    ),
    "card_action.already_assigned": "That person already handles the request. Nothing has changed.",
    "card_action.missing.assignee": "Choose who should handle the request. Nothing has changed.",
    "card_action.same_priority": "The request already has that priority. Nothing has changed.",
    "card_action.missing.priority_reason": "Write a reason for changing the priority. Nothing has changed.",
    "card_action.missing.correction_reason": "Write why you are correcting the order. Nothing has changed.",
    "card_action.missing.participants": "Write the number of participants as a whole number. Nothing has changed.",
    "card_action.missing.reopen_reason": "Write why the request is reopened. Nothing has changed.",
    "card_action.reopen_too_late": (
        "The request was closed too long ago to reopen it. Ask the manager to order again. Nothing has changed."
    ),
    "card_action.nothing_changed": "You have not changed anything in the order. Nothing has changed.",
    "card_action.unknown_choice": "Choose among the options on the card. Nothing has changed.",
    "card_action.out_of_range": "The number of participants is outside what is allowed. Nothing has changed.",
    "card_action.not_your_unit": "A request can only be moved to a unit the manager leads. Nothing has changed.",
    "menu.order": "Order support",
    "menu.my_requests": "My requests",
    "menu.my_results": "My results",
    "help.command.my_results": "my results",
    "help.explain.my_results": "shows your unit's results over time, compared with the department and the municipality",
    "results.title": "My results – {unit}",
    "results.none_yet": "{unit} has not submitted a self-assessment yet. Once the first is submitted, you see it here.",
    "results.choose_unit_first": "First I need to know which unit's results you want to see.",
    "results.not_yours": "You can only see the results of units you manage. Choose one of your units.",
    "results.period": "Period",
    "results.perspective": "Perspective",
    "results.y_axis": "Average",
    "results.over_time": "Results per perspective, {count}",
    "results.over_time_chart": "Average per perspective and period, on the scale {minimum}–{maximum}",
    "results.moved_title": "Biggest changes",
    "results.only_one": "There is only one submitted self-assessment, so there is nothing to compare with yet.",
    "results.nothing_moved": "No factor has been rated differently since {period}.",
    "results.moved_since": "Compared with {period}:",
    "results.earlier_version": "version {version} of {period}",
    "results.moved_line": "{change}  {factor} (from {before} to {after})",
    "results.no_value": "none",
    "charts.show_table": "Show as a table",
    "results.show_over_time_table": "Show the periods as a table",
    "results.show_compare_table": "Show the comparison as a table",
    "charts.show_table_of": "Show as a table: {chart}",
    "a11y.about": "{action} – {subject}",
    "results.catalogue_changed": (
        "The quality factors have changed since then: {removed} removed and {added} new are not compared, "
        "{reworded} reworded are compared with their earlier wording."
    ),
    "results.compare_title": "Comparison {period}",
    "results.compare_chart": (
        "The unit compared with the department and the municipality, average on the scale {minimum}–{maximum}"
    ),
    "results.department_average": "{department}, average",
    "results.municipality_average": "Whole municipality, average",
    "results.withheld": (
        "An average is shown only once at least {count} have submitted, so that no single unit can be singled out."
    ),
    "results.common_only": "The comparison is of the common factors, which every unit has.",
    "results.type_title": "The factors for {type}",
    "results.type_intro": (
        "Only units of the type {type} have these factors, so they are compared with those units only."
    ),
    "results.type_average": "Units of the type {type}, average",
    "results.show_unit": "Show {unit}",
    "results.to_menu": "To the menu",
    "help.command.order": "order support",
    "help.command.my_requests": "my requests",
    "help.explain.order": "orders training or support from the quality team",
    "help.explain.my_requests": "shows your orders and how they are going",
    "summary.order_support": "Order support",
    "order.title": "Order support from the quality team",
    "order.intro": "What do you need help with? Choose what fits best – you describe the need in the next step.",
    "order.for_factor": (
        "You are ordering support for the factor “{factor}”. Choose the kind of support that fits best."
    ),
    "order.choose": "Choose {offering}",
    "order.hint": "Choose one of the offerings in the card above, or type **menu** to stop.",
    "order.choose_unit_first": "First I need to know which unit the order is for.",
    "order.form_subtitle": "Fill in what the quality team needs to know.",
    "order.field_required": "Fill in the field.",
    "order.description": "Describe the need",
    "order.description_placeholder": "What do you want to achieve, and what have you tried? At most {limit} characters",
    "order.description_required": "Describe the need.",
    "order.period": "When would suit you?",
    "order.unit": "Unit",
    "order.urgent": "It is urgent",
    "order.urgency_reason": "If it is urgent: why?",
    "order.urgency_reason_placeholder": "For example an inspection in three weeks. At most 500 characters",
    "order.choose_one": "Choose one of the options.",
    "order.review": "Review the order",
    "order.other_offering": "Choose another offering",
    "order.form_hint": "Fill in the card above and press **Review the order**.",
    "order.review_title": "Is this right?",
    "order.send": "Send the order",
    "order.change": "Change",
    "order.review_hint": "Press **Send the order** or **Change**.",
    "order.unit_not_yours": "You can only order for units you manage. Choose one of your units.",
    "order.thanks": (
        "Thank you! Your order has number **{reference}**. The quality team has it, and you will hear here in "
        "the chat when something happens."
    ),
    "order.errors_header": "I could not take the order:",
    "order.errors_footer": "Nothing has been sent. Correct it and press **Review the order** again.",
    "order.error.missing": "Fill in “{field}”.",
    "order.error.too_long": "“{field}” is too long. It may be at most {limit} characters.",
    "order.error.not_a_number": "“{field}” must be a whole number.",
    "order.error.out_of_range": "“{field}” must be between {minimum} and {maximum}.",
    "order.error.unknown_choice": "Choose “{field}” from the options.",
    "order.error.wrong_type": "“{field}” has the wrong format.",
    "order.field.description": "Describe the need",
    "order.field.unit": "Unit",
    "order.field.preferred_period": "When would suit you?",
    "order.field.urgency_reason": "Why is it urgent?",
    "order.field.factor": "Quality factor",
    "request.fact.unit": "Unit",
    "my_requests.title": "My requests",
    "my_requests.none": "You have no orders yet. Press **Order support** to make one.",
    "my_requests.line": "{unit} · {status} · last changed {date}",
    "my_requests.planned": "Planned for {date}",
    "my_requests.cancel": "Withdraw",
    "my_requests.reply.button": "Reply",
    "my_requests.reply.label": "Your reply to the quality team",
    "my_requests.reply.send": "Send the reply",
    "my_requests.reply.thanks": (
        "Thank you! Your reply is now in the request {reference}, and the quality team can see it."
    ),
    "my_requests.add_info.button": "Add information",
    "my_requests.add_info.label": "What do you want the quality team to know?",
    "my_requests.add_info.send": "Send the information",
    "my_requests.add_info.thanks": (
        "Thank you! The information is now in the request {reference}, and the quality team can see it."
    ),
    "my_requests.your_text": "You wrote",
    "my_requests.answer.unknown": (
        "I do not recognise the request, or the card could not be read. Nothing has been sent."
    ),
    "my_requests.answer.not_yours": "This is not a request you ordered. Nothing has been sent.",
    "my_requests.answer.finished": (
        "The request is already finished, so you can no longer write in it. Order new support if you need "
        "more help. Nothing has been sent."
    ),
    "my_requests.answer.missing": "Write something first. Nothing has been sent.",
    "my_requests.answer.too_long": "The text is too long. It may be at most {limit} characters. Nothing has been sent.",
    "my_requests.edit.button": "Change",
    "my_requests.edit.title": "Change the order {reference}",
    "my_requests.edit.reason": "Do you want to say why? (optional)",
    "my_requests.edit.send": "Save the change",
    "my_requests.edit.thanks": "The order {reference} is changed. The quality team sees what you changed on its card.",
    "my_requests.edit.too_late": (
        "The request is already planned and cannot be changed here. Contact the quality team if something "
        "needs to change. Nothing has changed."
    ),
    "my_requests.edit.nothing_changed": "You have not changed anything. Nothing has been saved.",
    "my_requests.edit.unknown_choice": "Choose among the options on the card. Nothing has been saved.",
    "my_requests.edit.not_your_unit": "You can only move the order to a unit you lead. Nothing has been saved.",
    "my_requests.edit.out_of_range": "The number of participants is outside what is allowed. Nothing has been saved.",
    "my_requests.edit.wrong_type": "The number of participants must be a whole number. Nothing has been saved.",
    "my_requests.cancelled": "The order {reference} is withdrawn. The quality team sees it on their card.",
    "my_requests.changed": "The quality team just changed the request. Here is the latest.",
    "my_requests.too_late": "The request is already planned and cannot be withdrawn here. Contact the quality team.",
    "follow_up.title": "Did the support help you?",
    "follow_up.subtitle": "{reference} · {offering} · {unit}",
    "follow_up.intro": (
        "The request was closed on {date}. Please tell us whether the support made a difference – the quality "
        "team sees your answer and uses it to improve its support."
    ),
    "follow_up.scale_label": "How much did the support help? (1 = not at all, 5 = a great deal)",
    "follow_up.scale.1": "1 – Not at all",
    "follow_up.scale.5": "5 – A great deal",
    "follow_up.scale_required": "Choose a value from 1 to 5.",
    "follow_up.comment_label": "Comment (optional)",
    "follow_up.send": "Send answer",
    "follow_up.answer_button": "Answer the follow-up",
    "follow_up.thanks_title": "Thank you for your answer!",
    "follow_up.thanks": (
        "You gave the support {score} out of 5. The quality team sees your answer on the request's card."
    ),
    "follow_up.already_answered": "You have already answered – thank you!",
    "follow_up.not_yours": "Only the manager who ordered the request can answer its follow-up. Nothing was saved.",
    "follow_up.unknown": "I do not recognise this card, or the request is not closed. Nothing was saved.",
    "follow_up.missing_score": "Choose how much the support helped, from 1 to 5. Nothing was saved.",
    "follow_up.bad_score": "The answer could not be read. Choose a value from 1 to 5. Nothing was saved.",
    "follow_up.bad_comment": "The comment could not be read. Nothing was saved.",
    "follow_up.too_long": "The comment is too long. It may be at most {limit} characters. Nothing was saved.",
    "follow_up.fact": "Follow-up",
    "follow_up.answered": "{score} out of 5",
    "follow_up.waiting": "awaiting an answer",
    "follow_up.my_waiting": "awaiting your answer",
    "report.effect_title": "Effect of the support",
    "report.effect_intro": (
        "The managers' answers to whether the support helped, from 1 (not at all) to 5 (a great deal)."
    ),
    "report.effect_answers": "Answers",
    "report.effect_average": "Average",
    "report.effect_none": "No requests have been closed yet.",
    "channel_assessment.title": "Self-assessment submitted – {unit}",
    "channel_assessment.subtitle": "{department} · {period} · version {version} · submitted {date} by {manager}",
    "digest.title": "Submitted self-assessments",
    "digest.intro": "{units} submitted their self-assessment since the last digest.",
    "digest.line": "{department} · {period} · version {version} · submitted {date} by {manager}",
    "digest.result": "{perspective} {value}",
    "digest.show": "Show the summary",
    "digest.shown": "The summary for {unit} is now in the thread under the digest.",
    "digest.gone": "The self-assessment no longer exists. Nothing was shown.",
    "digest.not_central_team": "Only the quality team can show the self-assessments. Nothing was shown.",
    "card_action.already_yours": "The request is already yours. Nothing has changed.",
    "requests.open_line": "{unit} · {status} · {waited} · {assignee}",
    "requests.today": "ordered today",
    "requests.days": "waiting {days}",
    "requests.oldest_only": "Showing the {count} oldest open requests.",
    "requests.filtered": "Showing: {asked}",
    "requests.none_match": "No open requests match right now.",
    "requests.open_linked": "[{reference}]({url}) · {offering}",
    "requests.open_unlinked": "{reference} · {offering} (the card has not reached the channel yet)",
    "requests.open_card": "Open the card",
    "requests.filter.mine": "mine",
    "requests.filter.unassigned": "unassigned",
    "requests.filter.urgent": "urgent",
    "requests.unknown_filter": (
        "I don't recognise “{unknown}”. Write for example **requests mine urgent** or **requests unassigned "
        "sof**. You can choose **mine** (requests you have taken), **unassigned** (requests nobody has taken), "
        "**urgent** (requests the manager wants as soon as possible) and a department: {departments}."
    ),
    "requests.filter_conflict": (
        "A request cannot be both yours and unassigned. Write **requests mine** or **requests unassigned**."
    ),
    "request.status.taken": "In progress",
    "notify.status": "The request now has the status: {status}. Type **my requests** to see all your requests.",
    "card_action.unknown": "The request does not exist, or the card could not be read. Nothing has changed.",
    "card_action.changed_meanwhile": (
        "Someone else changed the request first, so your change was not saved. This is how it looks now."
    ),
    "error.unavailable": (
        "Kvalitetslotsen is temporarily unavailable. Nothing you have saved is lost – please try again in a moment."
    ),
    "error.too_fast": "You are sending messages faster than I can keep up with. Wait a moment and then write again.",
    "audit.title": "Audit log",
    "audit.empty": "Nothing has been logged yet.",
    "audit.channel.linked": "linked the channel",
    "audit.channel.unlinked": "unlinked the channel",
    "audit.request.created": "ordered",
    "audit.request.take": "took the request",
    "audit.request.assign": "assigned the request",
    "audit.request.give_back": "gave the request back",
    "audit.request.priority": "changed the priority",
    "audit.request.plan": "planned",
    "audit.request.comment": "commented",
    "audit.request.note": "wrote an internal note",
    "audit.request.reply": "replied to a comment",
    "audit.request.add_info": "added information",
    "audit.request.correct": "corrected the order",
    "audit.request.edit": "changed the order",
    "audit.request.reopen": "reopened the request",
    "audit.request.close": "closed",
    "audit.request.decline": "declined",
    "audit.request.cancel": "withdrew",
    "audit.request.follow_up": "answered the follow-up",
    "audit.reminders.round": "sent self-assessment reminders (period: number)",
    "roles.title": "Roles in Kvalitetslotsen",
    "roles.intro": (
        "Administrators link the quality team's channel, read the log and give roles. The quality team handles "
        "requests from any channel. A role from the configuration can only be removed by IT."
    ),
    "roles.admin": "Administrators",
    "roles.central_team": "Quality team",
    "roles.one.admin": "an administrator",
    "roles.one.central_team": "in the quality team",
    "roles.nobody": "Nobody yet.",
    "roles.from_configuration": "from the configuration",
    "roles.given_by": "added by {by} on {day}",
    "roles.given": "added in Teams",
    "roles.unknown_name": "the name shows once the person has written to me",
    "roles.remove": "Remove",
    "roles.add_title": "Give someone a role",
    "roles.person": "Person",
    "roles.person_placeholder": "Search by name",
    "roles.role": "Role",
    "roles.add": "Give the role",
    "roles.given_now": "Done: the person is now {role}.",
    "roles.had_it": "The person is {role} already. Nothing has changed.",
    "roles.taken_now": "Done: the person is no longer {role}.",
    "roles.not_held": "The person did not have that role. Nothing has changed.",
    "roles.cannot_remove_configured": ("IT gave that role in the service's settings, and only IT can remove it."),
    "roles.pick_someone": "Pick a person in the search box and a role, then press Give the role.",
    "roles.mention_how": (
        "Write for example **@Kvalitetslotsen give @name quality team** or **@Kvalitetslotsen remove @name "
        "admin**: one person and one role."
    ),
    "roles.mention_not_member": "I cannot find the person among the team's members. Nothing has changed.",
    "roles.mention_given": "Done: {name} is {role} now.",
    "roles.mention_had_it": "{name} is {role} already. Nothing has changed.",
    "roles.mention_taken": "Done: {name} is no longer {role}.",
    "roles.mention_not_held": "{name} did not have that role. Nothing has changed.",
    "roles.not_admin": "Only administrators can change roles.",
    # Administration: the administrator's menu
    "admin.title": "Administration",
    "admin.intro": "What you can do here in the chat as an administrator. Press a button or type the command.",
    "admin.only_administrators": (
        "Administration is for the municipality's administrators of Kvalitetslotsen. Type **menu** to see what you "
        "can do."
    ),
    "admin.explain.catalogue": (
        "**catalogue**: the catalogue of factors, units, offerings and periods – download, change and publish."
    ),
    "admin.explain.unit_managers": "**unit managers**: which managers may assess and order for which unit.",
    "admin.explain.roles": "**roles**: who is an administrator or in the quality team.",
    "admin.explain.erasures": "**erasure requests**: requests for erasure waiting for a decision.",
    "admin.explain.log": "**audit log**: the latest events – who did what and when.",
    "admin.explain.log_export": (
        "**log export**: the whole audit log as a file for the data protection officer, dates optional."
    ),
    "admin.button.catalogue": "Catalogue",
    "admin.button.unit_managers": "Unit managers",
    "admin.button.roles": "Roles",
    "admin.button.erasures": "Erasure requests",
    "admin.button.log": "Audit log",
    "admin.button.log_export": "Export the log",
    "admin.command.catalogue": "catalogue",
    "admin.command.unit_managers": "unit managers",
    "admin.command.roles": "roles",
    "admin.command.erasures": "erasure requests",
    "admin.command.log": "audit log",
    "admin.command.log_export": "log export",
    # The catalogue: the administrator's cards
    "catalogue.title": "The catalogue in force",
    "catalogue.published": "Published",
    "catalogue.origin.file": "{day}, from the file in the service's settings",
    "catalogue.origin.upload": "{day}, from a file in Teams",
    "catalogue.origin.rollback": "{day}, an earlier version published again",
    "catalogue.factors": "Quality factors",
    "catalogue.units": "Units",
    "catalogue.departments": "Departments",
    "catalogue.offerings": "Offerings",
    "catalogue.periods": "Periods",
    "catalogue.weak": "Low rating",
    "catalogue.weak_value": "{threshold} or lower",
    "catalogue.unit_types": "Types of unit",
    "catalogue.how_to_change": (
        "To change the catalogue: download it as Excel or YAML, make your changes and send me the file here in the "
        "chat. You will see what changes before anything is published. Self-assessments already begun continue "
        "with the version they began with."
    ),
    "catalogue.download.xlsx": "Download as Excel",
    "catalogue.download.yaml": "Download as YAML",
    "catalogue.history": "Earlier versions",
    "catalogue.preview_title": "This changes if you publish the file",
    "catalogue.changed_title": "This changed when the version was published",
    "catalogue.preview_intro": "The file is checked and can be published. Number of changes: {count}.",
    "catalogue.only_order": (
        "The content is the same, but the order or spelling differs. Managers will see the new order if you publish."
    ),
    "catalogue.no_changes": "The file is the same as the catalogue in force. There is nothing to publish.",
    "catalogue.first_version": "This is the first version. There is no earlier one to compare with.",
    "catalogue.drafts_keep_version": (
        "Self-assessments begun that have a factor being removed: {count}. They continue with the version they "
        "began with, and results are compared per factor."
    ),
    "catalogue.publish": "Publish",
    "catalogue.discard": "Cancel",
    "catalogue.problems_title": "The file cannot be published",
    "catalogue.problems_intro": "Correct this and send the file again. Nothing has changed. Problems: {count}.",
    "catalogue.history_title": "Earlier versions of the catalogue",
    "catalogue.history_intro": "The latest publications, newest first. Who published is in the **audit log**.",
    "catalogue.in_force": "Version {version} (in force)",
    "catalogue.earlier": "Version {version}",
    "catalogue.show_changes": "Show changes",
    "catalogue.republish": "Publish again",
    "catalogue.admins_only": (
        "The catalogue is kept by the municipality's administrators of Kvalitetslotsen. I have read nothing of what "
        "you sent."
    ),
    "catalogue.files_admins_only": (
        "I only take files from the municipality's administrators of Kvalitetslotsen, when they change the "
        "catalogue or the list of unit managers. I have read nothing of the file."
    ),
    "catalogue.onedrive_offer": (
        "Do you want the catalogue as an Excel file in your OneDrive? The links above work for 15 minutes."
    ),
    "catalogue.onedrive_description": "The catalogue of Kvalitetslotsen as an Excel file, to change and send back.",
    "catalogue.onedrive_declined": "All right, I will save no file. The card's links work for 15 minutes.",
    "catalogue.onedrive_refused": "I can only save the file in OneDrive. Use the card's links instead.",
    "catalogue.onedrive_nothing": (
        "The catalogue is kept by the municipality's administrators of Kvalitetslotsen. I have saved no file."
    ),
    "catalogue.onedrive_failed": "The file could not be saved in your OneDrive just now. Use the card's links instead.",
    "catalogue.onedrive_done": "The catalogue is in your OneDrive now. Change it and send it to me here when you like.",
    "catalogue.link_not_admin": (
        "The link is only for an administrator, and the person it was made for is no longer an administrator."
    ),
    "catalogue.file_name": "catalogue",
    "catalogue.file_instructions": (
        "How to change the catalogue of Kvalitetslotsen.\n"
        "Change the sheets (or the YAML text) and save the file. The keys (the column nyckel) tie results together "
        "over time: do not change the key of something that stays; give something new a new key.\n"
        "Then send the file to Kvalitetslotsen in your chat with the bot. You will see what changes and decide "
        "yourself whether to publish.\n"
        "Write no personal data in the catalogue."
    ),
    "catalogue.file_refused": "I can only fetch files Teams hands over from OneDrive. Nothing has changed.",
    "catalogue.file_too_large": "The file is too large. A catalogue may be at most {most} MB. Nothing has changed.",
    "catalogue.file_failed": "I could not fetch the file just now. Try again in a while. Nothing has changed.",
    "catalogue.version_gone": "That version does not exist. Type **catalogue** to see the one in force.",
    "catalogue.discarded": "Cancelled. The catalogue in force is still in force.",
    "catalogue.changed_meanwhile": (
        "Someone else published a catalogue while you looked. Here is the comparison with the one in force now."
    ),
    "catalogue.published_now": (
        "Done! Version {version} is in force now. New self-assessments and orders use it from now on."
    ),
    "catalogue.change.municipality": "The municipality's name: {before} → {after}",
    "catalogue.change.scale": "The scale changes (values or labels).",
    "catalogue.change.scale_threshold": (
        "The limit for a low rating changes: the summary lists factors rated {before} or lower, now {after} or lower."
    ),
    "catalogue.change.period_added": "New period: {period} ({span})",
    "catalogue.change.period_removed": "Period removed: {period}",
    "catalogue.change.period_redated": "New dates for {period}: {before} becomes {after}",
    "catalogue.change.period_renamed": "New name for the period {period}: {before} → {after}",
    "catalogue.change.period_deadline": "New last day for submitting for {period}: {before} becomes {after}",
    "catalogue.change.period_grace": (
        "Days after the period's end when the self-assessment for {period} can still be done: {before} becomes {after}"
    ),
    "catalogue.change.department_added": "New department: {name}",
    "catalogue.change.department_removed": "Department removed: {name}",
    "catalogue.change.renamed": "New name: {before} → {after}",
    "catalogue.change.unit_added": "New unit: {name}",
    "catalogue.change.unit_closed": "Unit closed: {name}",
    "catalogue.change.unit_moved": "{name} moves from {before} to {after}",
    "catalogue.change.unit_retyped": "{name} changes type of unit: {before} → {after}",
    "catalogue.change.no_unit_type": "none",
    "catalogue.change.unit_type_added": "New type of unit: {name}",
    "catalogue.change.unit_type_removed": "Type of unit removed: {name}",
    "catalogue.change.perspective_described": "New description of the perspective {name}",
    "catalogue.change.factor_added": "New factor: {text}",
    "catalogue.change.factor_removed": "Factor removed: {text}",
    "catalogue.change.factor_reworded": "New wording: {before} → {after}",
    "catalogue.change.factor_moved": "{text} moves from {before} to {after}",
    "catalogue.change.type_factor_added": "New factor for {type}: {text}",
    "catalogue.change.type_factor_removed": "Factor for {type} removed: {text}",
    "catalogue.change.type_factor_reworded": "New wording for {type}: {before} → {after}",
    "catalogue.change.factor_retyped": "{text} moves from {before} to {after}",
    "catalogue.change.for_all": "all units",
    "catalogue.change.for_type": "the type of unit {name}",
    "catalogue.change.offering_added": "New offering: {name}",
    "catalogue.change.offering_removed": "Offering removed: {name}",
    "catalogue.change.offering_changed": "The offering {name} changes (name, description or form)",
    # The catalogue: problems in a file an administrator uploads
    "catalogue.place.line": "Line {line}",
    "catalogue.place.cell": "Sheet {sheet}, row {row}, column {column}",
    "catalogue.problem.unreadable": "the file could not be read.",
    "catalogue.problem.not_yaml": "the file is not valid YAML.",
    "catalogue.problem.yaml_alias": "A catalogue uses no YAML anchors or aliases (& and *). Write out the values.",
    "catalogue.problem.not_mapping": "fields with a name and a value belong here.",
    "catalogue.problem.missing": "the field is missing.",
    "catalogue.problem.unknown_field": "the catalogue has no such field. Check the spelling.",
    "catalogue.problem.not_list": "a list belongs here.",
    "catalogue.problem.too_few": "at least {least} are needed.",
    "catalogue.problem.too_many": "at most {most} are allowed, there are {count}.",
    "catalogue.problem.not_text": "a text belongs here.",
    "catalogue.problem.too_long": "the text may have at most {most} characters, it has {count}.",
    "catalogue.problem.bad_key": (
        "a key has only lower-case letters a–z, digits and hyphens, and starts with a letter or digit."
    ),
    "catalogue.problem.bad_field_key": (
        "a field's key has only lower-case letters a–z, digits and underscores, and starts with a letter."
    ),
    "catalogue.problem.bad_period_key": "a period's key is the year and half, for example 2027-H1.",
    "catalogue.problem.duplicate": "the key {value} is used more than once.",
    "catalogue.problem.not_whole_number": "a whole number belongs here.",
    "catalogue.problem.not_date": "a date (YYYY-MM-DD) belongs here.",
    "catalogue.problem.not_ascending": "the values must be in ascending order.",
    "catalogue.problem.ends_before_starts": "the period ends before it starts.",
    "catalogue.problem.periods_overlap": "the periods must be in order of time and must not overlap.",
    "catalogue.problem.last_day_before_start": (
        "the last day for submitting cannot be before the period starts ({starts})."
    ),
    "catalogue.problem.last_day_after_grace": (
        "the last day for submitting can be {latest} at the latest: the period's end plus the days after it."
    ),
    "catalogue.problem.grace_days_range": "the days after the period's end must be a whole number from 0 to {most}.",
    "catalogue.problem.grace_past_next_period": (
        "the days after the period's end reach past the end of the next period, {period} ({ends}). Choose fewer days."
    ),
    "catalogue.problem.perspective_order": "the perspective {expected} belongs here (the order is {order}).",
    "catalogue.problem.unknown_perspective": "there is no perspective {value}. Write one of {choices}.",
    "catalogue.problem.unknown_unit_type": (
        "the type of unit {value} is not in the catalogue. Write one of those there are: {choices}."
    ),
    "catalogue.problem.no_unit_types": (
        "the type of unit {value} does not exist: the catalogue has no types of unit. Add the type under unit_types "
        "(in Excel: the sheet Verksamhetstyper) or remove the type from the unit."
    ),
    "catalogue.problem.unit_type_too_many_factors": (
        "too many factors in the perspective {perspective} for a unit of this type. Common and the type's "
        "together may be at most {most}; here it is {count}, of which {common} common."
    ),
    "catalogue.problem.field_type": "the type must be one of {choices}.",
    "catalogue.problem.not_boolean": "yes or no belongs here.",
    "catalogue.problem.weak_threshold": (
        "the limit for a low rating (weak_at_or_below) must be one of the scale's values except the highest: {choices}."
    ),
    "catalogue.problem.weak_rows": (
        "write ja (yes) in the column svag on the scale's lowest values, those that count as a low rating, and nej "
        "(no) on the others. At least one value must be ja, and no nej may stand between two ja."
    ),
    "catalogue.problem.bound_not_applicable": "does not apply to a field of type {type}.",
    "catalogue.problem.too_large": "the file is too large. It may be at most {size}.",
    "catalogue.problem.not_utf8": "the file is not saved as UTF-8. Save it as UTF-8 and upload it again.",
    "catalogue.problem.unknown_file": (
        "the file is neither an Excel file (.xlsx) nor a YAML file. Upload the catalogue you got from the bot."
    ),
    "catalogue.problem.old_excel": (
        "the file is an Excel file in an older format (.xls) or protected with a password. Save it as an "
        "Excel workbook (.xlsx) without a password and upload it again."
    ),
    "catalogue.problem.not_xlsx": (
        "the file cannot be read as an Excel file (.xlsx). Save it again in Excel and upload it again."
    ),
    "catalogue.problem.workbook_too_large": (
        "the Excel file holds far more than a catalogue. Check that you chose the right file."
    ),
    "catalogue.problem.yaml_too_large": (
        "the YAML file holds far more than a catalogue. Check that you chose the right file."
    ),
    "catalogue.problem.missing_sheet": (
        "the sheet {sheet} is missing. Put it back with the same name as in the file you downloaded."
    ),
    "catalogue.problem.missing_column": (
        "the column {column} is missing on the sheet {sheet}. Name the columns in row 1 as in the file you downloaded."
    ),
    "catalogue.problem.unknown_column": (
        "the column {column} does not belong on the sheet {sheet}, or is there twice. Check the spelling or "
        "remove the column."
    ),
    "catalogue.problem.unknown_reference": "{value} is not on the sheet {other}. Check the spelling or add it there.",
    "catalogue.problem.too_many_rows": "the sheet {sheet} may have at most {most} rows.",
    "catalogue.problem.cell_error": "the cell shows an error ({value}). Type the value instead of a formula.",
    "audit.unit_managers.staged": "checked a list of unit managers (list, counts)",
    "audit.unit_managers.published": "published the list of unit managers (list, counts)",
    "audit.unit_managers.discarded": "chose not to publish a list of unit managers (list)",
    "audit.unit_managers.downloaded": "downloaded the list of unit managers (format)",
    "audit.catalogue.staged": "checked a catalogue file (version)",
    "audit.catalogue.published": "published the catalogue (version, how)",
    "audit.catalogue.discarded": "chose not to publish a catalogue file (version)",
    "audit.catalogue.downloaded": "downloaded the catalogue (version, format)",
    # The list of unit managers: the administrator's cards and problems in a file
    "unit_managers.title": "The list of unit managers in force",
    "unit_managers.units_named": "Units with a named manager",
    "unit_managers.units_of": "{count} of {total}",
    "unit_managers.rows": "Managers per unit, in all",
    "unit_managers.published": "Published",
    "unit_managers.origin.file": "{day}, from the file in the service's settings",
    "unit_managers.origin.upload": "{day}, from a file in Teams",
    "unit_managers.nothing_published": (
        "No list is published yet, so every manager can choose every unit. That only suits testing."
    ),
    "unit_managers.how_to_change": (
        "To change the list, send me a CSV file or an Excel file here in the chat. Its first row must have the "
        "columns **enhet** and **chef**. Under enhet you write the unit's key and under chef the person's e-mail "
        "address or Entra object id, one row per manager and unit. You see who is added and removed before "
        "anything is published."
    ),
    "unit_managers.file_name": "unit-managers",
    "unit_managers.download.csv": "Download as CSV",
    "unit_managers.download.xlsx": "Download as Excel",
    "unit_managers.preview_title": "This changes if you publish the list",
    "unit_managers.preview_intro": "The list is checked and can be published. Units that change: {count}.",
    "unit_managers.no_changes": "The list is the same as the one in force. There is nothing to publish.",
    "unit_managers.change.added": "{unit}: adds {people}",
    "unit_managers.change.removed": "{unit}: removes {people}",
    "unit_managers.links_removed": (
        "Managers who lose a unit they have chosen: {count}. They can no longer reach the unit's data once you publish."
    ),
    "unit_managers.without_managers": "Units without a named manager, which nobody can choose: {count}.",
    "unit_managers.publish": "Publish",
    "unit_managers.discard": "Cancel",
    "unit_managers.problems_title": "The list cannot be published",
    "unit_managers.problems_intro": "Fix this and send the file again. Nothing has changed. Problems: {count}.",
    "unit_managers.admins_only": (
        "The list of unit managers is kept by the municipality's administrators of Kvalitetslotsen. I have read "
        "nothing of what you sent."
    ),
    "unit_managers.list_gone": (
        "That list no longer exists. Send the file again, or write **unit managers** to see the list in force."
    ),
    "unit_managers.discarded": "Cancelled. The list in force is still in force.",
    "unit_managers.changed_meanwhile": (
        "Someone else published a list while you were looking. Here is the comparison with the one in force now."
    ),
    "unit_managers.published_now": (
        "Done! The list is in force now. New managers can start right away. Chosen units managers no longer "
        "have: {count}."
    ),
    "unit_managers.place.line": "Line {line}",
    "unit_managers.place.line_column": "Line {line}, column {column}",
    "unit_managers.problem.too_large": "the file is too large. It may be at most {size}.",
    "unit_managers.problem.old_excel": (
        "the file is an older Excel file (.xls) or protected by a password. Save it as an Excel workbook (.xlsx) "
        "without a password."
    ),
    "unit_managers.problem.not_xlsx": "the file cannot be read as an Excel workbook (.xlsx).",
    "unit_managers.problem.workbook_too_large": (
        "the workbook holds much more than a list of unit managers. Check that you chose the right file."
    ),
    "unit_managers.problem.not_utf8": "the file is not saved as UTF-8. Save it as CSV UTF-8 and send it again.",
    "unit_managers.problem.unknown_file": "the file is neither a CSV file nor an Excel workbook.",
    "unit_managers.problem.unreadable_line": "the line cannot be read as CSV.",
    "unit_managers.problem.empty": "the file names no manager for any unit.",
    "unit_managers.problem.missing_column": "the column {column} is missing. Write enhet and chef in the first row.",
    "unit_managers.problem.too_many_rows": "the file may have at most {most} rows.",
    "unit_managers.problem.unknown_unit": "the catalogue has no unit with the key {value}. Check the spelling.",
    "unit_managers.problem.missing_unit": "the unit is missing. Write the unit's key.",
    "unit_managers.problem.bad_manager": "{value} is neither an e-mail address nor an Entra object id.",
    "unit_managers.problem.duplicate": "{value} is already listed for the same unit on line {first}.",
    "unit_managers.problem.cell_error": "the cell shows an error ({value}). Type the value instead of a formula.",
    "audit.role.given": "gave a role (role: person)",
    "audit.role.taken": "removed a role (role: person)",
    "audit.read.roles": "read the list of roles",
    "audit.read.open_requests": "read the list of open requests",
    "audit.read.audit_log": "read the log (number of lines)",
    "audit.export.links": "made export links (period, scope)",
    "audit.assessment.submitted": "submitted the self-assessment",
    "audit.actions.planned": "wrote an action plan (unit, period, count)",
    "audit.actions.done": "marked an action as done (unit: action)",
    "my_data.name": "Name",
    "my_data.ids": "Your ids",
    "my_data.ids_value": "two technical ids of your account (Show ids)",
    "my_data.ids_toggle": "Show ids",
    "my_data.teams_id_explained": "Your Teams id (used to send you messages)",
    "my_data.aad_id_explained": (
        "Your Entra id, your account in the municipality's Microsoft 365 (used to see which units you lead and "
        "whether you have a role)"
    ),
    "my_data.group_rounds": "Group assessments you started (who answered what is not stored)",
    "my_data.group_round.state.waiting": "not posted in a chat yet",
    "my_data.group_round.state.open": "running in the work group's chat, {count} have answered",
    "my_data.group_round.state.closed": "closed, {count} answered",
    "my_data.group_round.started_on": "started {day}",
    "my_data.group_round.posted_on": "posted {day}",
    "my_data.group_round.ends_on": "last day to answer {day}",
    "my_data.group_round.closed_on": "closed {day}",
    "my_data.language": "Language",
    "my_data.first_seen": "First time",
    "my_data.last_seen": "Last time",
    "my_data.units": "Your units",
    "my_data.assessments": "Self-assessments you started or submitted",
    "my_data.requests": "Your orders",
    "my_data.why": ("The data is used for self-assessments and orders and so that the quality team can reach you."),
    "privacy.title": "How your personal data is processed",
    "privacy.controller": "The controller of your personal data is {controller}.",
    "privacy.basis": (
        "The data is processed so that the municipality can follow up and improve the quality of its services. "
        "That is a task carried out in the public interest (Article 6(1)(e) of the GDPR)."
    ),
    "privacy.retention.off": (
        "The data is kept until you ask for deletion and the administrators have decided on it. Submitted "
        "self-assessments and orders are public records and are culled according to the municipality's records "
        "management plan."
    ),
    "privacy.retention.months": (
        "Names, ids and free text are removed from self-assessments and requests {months} after they were "
        "submitted or closed, and if you have not used Kvalitetslotsen for {months} your data is "
        "pseudonymised. The units' ratings and the requests' numbers and status remain."
    ),
    "privacy.dpo": (
        "Questions about how your data is processed? Contact the municipality's data protection officer: {contact}."
    ),
    "privacy.rights": (
        "You have the right to know what is stored about you, to have mistakes corrected and to ask for "
        "deletion. You can also complain to the Swedish Authority for Privacy Protection (IMY), imy.se."
    ),
    "privacy.read_more": "Read more about personal data",
    "welcome.privacy": "The controller of your personal data is {controller}.",
    "welcome.my_data": (
        "Type **my data** to see or delete the data and to read how it is processed, for how long it is kept "
        "and what your rights are."
    ),
    "help.privacy": (
        "Your personal data: type **my data** to see what is stored about you, for how long and whom you can ask."
    ),
    "my_data.erase": "Delete my data",
    "my_data.erase_title": "Delete your data?",
    "my_data.erase_at_once": (
        "**Deleted at once:** what I remember of our chat, your language, your reminder settings and what you "
        "wrote in self-assessments not yet submitted – your comments, your improvement ideas and your name on "
        "the drafts. The ratings in the drafts belong to the unit and remain."
    ),
    "my_data.erase_public_record": (
        "**These are public records:** submitted self-assessments and your orders. The municipality has received "
        "them, and then they may only be removed under a decision on disposal. That is why the rest of your "
        "request goes to the administrators."
    ),
    "my_data.erase_decision": (
        "The administrators decide within one month. Either they remove your name, your ids and your text from "
        "everything (pseudonymise), or they explain why the data must remain. The answer comes here in this "
        "chat."
    ),
    "my_data.erase_cannot_undo": "What is deleted at once cannot be brought back.",
    "my_data.erase_yes": "Yes, delete and send the request",
    "my_data.erase_no": "No, go back",
    "my_data.erase_filed": (
        "Done. This is what I deleted now:\n\n{erased}\n\nYour request to delete the rest has gone to the "
        "administrators. They answer by {day}, here in this chat. If you write to me again, we start from the "
        "beginning."
    ),
    "my_data.erase_pending": (
        "You already have a request for deletion with the administrators, since {day}. They answer by "
        "{deadline}, here in this chat. I have not changed anything now."
    ),
    "my_data.erased.chat": "- what I remembered of our chat",
    "my_data.erased.language": "- your language",
    "my_data.erased.reminders": "- your reminder settings",
    "my_data.erased.comments": "- your comments in self-assessments not yet submitted: {count}",
    "my_data.erased.ideas": "- your improvement ideas in self-assessments not yet submitted: {count}",
    "my_data.erased.drafts": "- your name on draft self-assessments: {count}",
    # The administrators' decision on an erasure request (GDPR art. 17 and 12.3)
    "erasure.request_title": "Request for deletion",
    "erasure.who": "Who",
    "erasure.units": "Units",
    "erasure.asked": "Asked",
    "erasure.answer_by": "Answer by",
    "erasure.nameless": "no name",
    "erasure.already_erased": (
        "Already deleted when the manager asked: the chat's state, language, reminder settings, and the "
        "manager's text and name in self-assessments not yet submitted. What remains is submitted "
        "self-assessments and orders, which are public records."
    ),
    "erasure.choices": (
        "**Pseudonymise now** removes the manager's name, ids and free text from everything and cannot be "
        "undone. **Decline** when the data must remain, e.g. as a public record disposed of under the records "
        "management plan; the reason is sent to the manager. The manager gets the answer in their chat."
    ),
    "erasure.pseudonymise": "Pseudonymise now",
    "erasure.decline": "Decline",
    "erasure.reason_label": "Reason (sent to the manager)",
    "erasure.reason_placeholder": "e.g. a public record disposed of under the records management plan",
    "erasure.send_decline": "Send the refusal",
    "erasure.reason_missing": "Write a reason for the refusal – it is sent to the manager. Nothing was changed.",
    "erasure.reason_too_long": "The reason may be at most {limit} characters. Nothing was changed.",
    "erasure.pseudonymised": "Pseudonymised on {day} by {by}. The manager is told in their chat.",
    "erasure.declined": "Declined on {day} by {by}. The manager is told in their chat. Reason",
    "erasure.not_admin": "Only administrators can decide on deletion. Nothing was changed.",
    "erasure.unknown": "This request for deletion does not exist. Nothing was changed.",
    "erasure.already_decided": "This request has already been decided. Nothing was changed.",
    "erasure.reminder": (
        "Reminder: this request for deletion is still waiting for a decision. It must be answered by {day}."
    ),
    "erasure.reminder_late": (
        "Reminder: this request for deletion should have been answered by {day} and is still waiting for a decision."
    ),
    "erasure.list_title": "Requests for deletion waiting ({count})",
    "erasure.list_empty": "No requests for deletion are waiting.",
    "erasure.answer_title": "Answer to your request for deletion",
    "erasure.answer_pseudonymised": (
        "The administrators have granted your request of {day}. Your name, your ids and what you wrote are now "
        "removed from self-assessments and orders. The units' ratings and the requests remain, with no link to "
        "you. This is the last thing I write to you; if you write to me again, we start from the beginning."
    ),
    "erasure.answer_declined": (
        "The administrators have declined your request of {day} to delete the rest of your data. What was "
        "deleted at once when you asked is still gone. The reason for the refusal"
    ),
    "erasure.answer_complaint": (
        "If you think the decision is wrong, you can ask the municipality's data protection officer or complain "
        "to the Swedish Authority for Privacy Protection (IMY), imy.se."
    ),
    "help.command.my_data": "my data",
    "help.explain.my_data": "shows what is stored about you, and lets you export it or ask to have it deleted",
    # The administrators' export of the audit log (`log export`), for the data protection officer
    "audit_export.title": "Audit log export – {days}",
    "audit_export.intro": (
        "Here is the audit log as a file, for example for the data protection officer: who did what and when, "
        "oldest first. The file contains names, so keep it only where it is needed."
    ),
    "audit_export.limits": (
        "The links work for {minutes} and only while you are an administrator. Anyone who has a link can "
        "download the file, so do not share it. That you made the links, and every download, is in the log."
    ),
    "audit_export.xlsx": "Audit log (Excel)",
    "audit_export.csv": "Audit log (CSV)",
    "audit_export.days_all": "the whole log",
    "audit_export.days_from": "from {first}",
    "audit_export.days": "{first}–{last}",
    "audit_export.not_admin": (
        "Only administrators can export the audit log, because it shows who did what. Ask one of them for help."
    ),
    "audit_export.not_a_day": (
        "I do not understand {word} as a date. Write dates like 2026-01-01, for example **log export 2026-01-01 "
        "2026-06-30**. Without dates you get the whole log."
    ),
    "audit_export.reversed": (
        "The first date must come before the last, for example **log export 2026-01-01 2026-06-30**."
    ),
    "audit_export.too_many": (
        "Write at most two dates, from and to, for example **log export 2026-01-01 2026-06-30**. With one date you "
        "get the log from that day on."
    ),
    "audit_export.link_not_admin": (
        "This link works only for an administrator, and the person it was made for is no longer one."
    ),
    "export.sheet.audit_log": "Audit log",
    "export.columns.audit_log": "Time (Swedish time), Name, Id, Action, Subject",
    "audit.export.audit_log_links": "made links to export the audit log (dates)",
    "audit.export.audit_log": "exported the audit log (format, dates)",
    "export.busy": "Several Excel files are being made right now. Try again in half a minute; the link still works.",
    "my_data.reminders": "Reminders",
    "my_data.reminders_on": "on",
    "my_data.reminders_off": "off since {day}",
    "my_data.last_reminded": "{switch}, last reminded {day}",
    "my_data.assessment_line": (
        "{unit} · {period} · version {version} · comments: {comments} · improvement ideas: {ideas}"
    ),
    "my_data.title": "This is what I have stored about you",
    "audit.person.erased": "erased a person's data",
    "audit.person.erasure_requested": "asked to have their data deleted",
    "audit.person.erasure_declined": "declined a request for deletion",
    "audit.retention.purged": "purged personal data past the retention period",
    # Export my data (a file in the manager's OneDrive through Teams' file consent)
    "my_data.export": "Export my data",
    "my_data.export_note": (
        "The export contains everything shown here, and also the full text of your comments, improvement ideas "
        "and orders."
    ),
    "my_data.export_file_name": "kvalitetslotsen-my-data-{date}.json",
    "my_data.export_description": (
        "Everything Kvalitetslotsen has stored about you, with the full text of your comments, improvement ideas "
        "and orders. The file is saved in your own OneDrive."
    ),
    "my_data.export_offer": (
        "Accept below and I will save a file with your data in your OneDrive. It is not shared with anyone else."
    ),
    "my_data.export_about": (
        "This is everything Kvalitetslotsen had stored about you when the file was created. Times are in UTC. "
        "The municipality's data protection officer answers questions about the processing."
    ),
    "my_data.export_done": "Done! The file with your data is now in your OneDrive.",
    "my_data.export_declined": (
        "All right, I will not save a file. You can export your data any time under **my data**."
    ),
    "my_data.export_failed": (
        "I could not save the file in your OneDrive just now. Please try again in a while under **my data**."
    ),
    "my_data.export_refused": (
        "I did not save a file: the place it was to be saved in is not a OneDrive I recognise. Nothing was sent. "
        "Please try again under **my data**."
    ),
    "my_data.export_nothing": "I have no data stored about you.",
    # The manager's message when whoever acted has erased their data: the team is named instead
    "notify.team.take": "The quality team has taken your request {reference} ({offering}).",
    "notify.team.comment": "The quality team has commented on your request {reference} ({offering}).",
    # The audit log: who, when it is no named person
    "audit.actor.retention": "Retention (automatic)",
    "audit.actor.erased": "erased person",
    "audit.actor.purged": "name purged under retention",
    "audit.actor.unknown": "no name recorded",
    # The audit log: what a retention run purged
    "audit.purged.subject": "Data dated before {day}: {counts}.",
    "audit.purged.managers.one": "1 manager pseudonymised",
    "audit.purged.managers.other": "{count} managers pseudonymised",
    "audit.purged.comments.one": "1 comment",
    "audit.purged.comments.other": "{count} comments",
    "audit.purged.ideas.one": "1 improvement idea",
    "audit.purged.ideas.other": "{count} improvement ideas",
    "audit.purged.assessments.one": "1 self-assessment",
    "audit.purged.assessments.other": "{count} self-assessments",
    "audit.purged.requests.one": "1 request",
    "audit.purged.requests.other": "{count} requests",
    "audit.purged.request_events.one": "1 line of request history",
    "audit.purged.request_events.other": "{count} lines of request history",
    "audit.purged.audit_entries.one": "1 audit log line",
    "audit.purged.audit_entries.other": "{count} audit log lines",
    "audit.purged.chat_states.one": "1 chat state",
    "audit.purged.chat_states.other": "{count} chat states",
    "audit.purged.outbox_items.one": "1 message",
    "audit.purged.outbox_items.other": "{count} messages",
    "audit.purged.channel_links.one": "1 channel link",
    "audit.purged.channel_links.other": "{count} channel links",
    "audit.purged.follow_ups.one": "1 follow-up comment",
    "audit.purged.follow_ups.other": "{count} follow-up comments",
    "audit.purged.actions.one": "1 action",
    "audit.purged.actions.other": "{count} actions",
    "audit.purged.pulse_invitations.one": "1 steering model pulse question",
    "audit.purged.pulse_invitations.other": "{count} steering model pulse questions",
    "audit.purged.group_rounds.one": "1 group assessment (who started it)",
    "audit.purged.group_rounds.other": "{count} group assessments (who started them)",
    "audit.purged.group_round_texts.one": "1 free-text answer in a group assessment",
    "audit.purged.group_round_texts.other": "{count} free-text answers in group assessments",
    "audit.purged.other_rule": "other data: {count}",
    # Personal data in free text
    "personal_data.hint": (
        "Don't write names, personal identity numbers or other details about clients, pupils or employees."
    ),
    "personal_data.hint_short": "No details about clients, pupils or employees",
    "personal_data.team_hint": "Don't write details about clients, pupils or employees – the manager gets this text.",
    "personal_data.title": "Remove the personal data",
    "personal_data.found.personal_identity_number": "This looks like a personal identity number",
    "personal_data.found.coordination_number": "This looks like a coordination number",
    "personal_data.found.phone": "This looks like a phone number",
    "personal_data.found.email": "This looks like an e-mail address",
    "personal_data.ask": (
        "Details about clients, pupils or employees don't belong here. Remove them and press the button again. "
        "Nothing from the card has been saved."
    ),
    "personal_data.save_anyway": "It isn't personal data – save anyway",
    "personal_data.continue_anyway": "It isn't personal data – continue anyway",
    # What could we stop doing? (bot/cards/stop_doing.py)
    "stop_doing.title": "What could the unit stop doing or simplify?",
    "stop_doing.intro": (
        "Is there anything in the unit's work that creates no value for the people it is there for – "
        "something that could be dropped or made simpler? The question is optional. The quality team reads the "
        "answers per department. Your answer is saved when you submit."
    ),
    "stop_doing.label": "Stop doing or simplify (optional)",
    "stop_doing.answer_label": "Could stop doing or simplify",
    "stop_doing.submit_anyway": "It isn't personal data – submit anyway",
    "stop_doing.too_long": (
        "The answer to “What could the unit stop doing?” may be at most {limit} characters. Shorten it and submit "
        "again."
    ),
    "stop_doing.report.title": "What could the units stop doing?",
    "stop_doing.report.none": "No unit has answered the question this period.",
    "stop_doing.report.line": "Answered: {answered} of {submitted} that submitted",
    "stop_doing.report.latest": "{department}: the latest answers",
    "stop_doing.report.toggle": "Show answers",
    # Steering model pulse (bot/cards/pulse.py)
    "pulse.title": "How does the steering model support you?",
    "pulse.intro": (
        "Once a period we ask the managers how the steering model works for them. Your answer is saved "
        "without your name: nobody – not the quality team either – can see what you answered, and the average "
        "is shown only once at least {count} managers have answered."
    ),
    "pulse.question": "How well does the steering model support you in your work as a manager?",
    "pulse.scale.1": "1 – Not at all",
    "pulse.scale.2": "2 – A little",
    "pulse.scale.3": "3 – Partly",
    "pulse.scale.4": "4 – Well",
    "pulse.scale.5": "5 – Very well",
    "pulse.scale_required": "Choose an answer on the scale 1–5.",
    "pulse.comment_label": (
        "What would make the steering model and the quality team's support more helpful to you? (optional)"
    ),
    "pulse.send": "Send answer",
    "pulse.thanks_title": "Thank you for your answer!",
    "pulse.thanks": "Your answer is saved without your name. You will be asked again next period.",
    "pulse.unknown": "I do not recognise this question. Nothing was saved.",
    "pulse.not_asked": "This question was not sent to you, so your answer cannot be counted. Nothing was saved.",
    "pulse.already_answered": (
        "You have already answered for this period. Your first answer counts, and nothing changed."
    ),
    "pulse.closed": "The period is over, so the question takes no more answers. Nothing was saved.",
    "pulse.missing_score": "Choose an answer on the scale 1–5 before you send.",
    "pulse.bad_score": "The answer must be one of the choices 1–5. Nothing was saved.",
    "pulse.bad_comment": "The comment could not be read. Write it again.",
    "pulse.too_long": "The comment may be at most {limit} characters. Shorten it and send again.",
    "pulse.report.title": "Steering model pulse: does the steering model support the managers?",
    "pulse.report.none": "No manager has answered the pulse in these periods.",
    "pulse.report.intro": (
        "The managers answer once a period on the scale 1–5 (5 = very well), without names. The average and "
        "the comments are shown once at least {count} have answered."
    ),
    "pulse.report.answers": "Answers",
    "pulse.report.average": "Average",
    "pulse.report.too_few": "Too few answers this period to show the average and comments (at least {count}).",
    "pulse.report.toggle": "Show comments ({count})",
    "pulse.report.more": "…and {count} more.",
}
