# TiepNhan — English interface (second language)

app-name = TiepNhan – Citizen reception
loading = Loading…
demo-preparing = Creating the demo vault…

## Common actions
action-back = Back
action-next = Continue
action-save = Save
action-cancel = Cancel
action-filter = Filter
action-prev = Previous page
action-next-page = Next page
page-of = Page { $page } of { $pages } · { $total ->
    [one] 1 item
   *[other] { $total } items
}

## Common fields
field-username = Username
field-display-name = Officer's full name
field-display-name-placeholder = e.g. Nguyễn Văn An
field-password = Password
field-password-confirm = Repeat the password
field-old-password = Current password
field-new-password = New password
field-role = Role
field-status = Status

## Roles
role-officer = Officer
role-supervisor = Supervisor
role-admin = Administrator

## Unit kinds
unit-kind-border_guard_station = Border-guard station
unit-kind-provincial_police = Provincial police
unit-kind-commune_police = Commune police
unit-kind-other = Other unit

## Errors
error-wrong-credentials = Wrong username or password.
error-wrong-credentials-count = Wrong username or password ({ $count } times in a row). After 10, the account is locked.
error-wait = Please wait { $seconds } seconds before trying again.
error-hard-locked = This account is locked after 10 failed attempts. Use the recovery code or ask an administrator to unlock it.
error-deactivated = This account is deactivated. Contact an administrator.
error-busy = The vault is open in another TiepNhan window. Close it and try again.
error-wrong-recovery = Wrong recovery code.
error-forbidden = Your account is not allowed to do this.
error-duplicate = Something with the same identity already exists (for example the username).
error-not-found = The item was not found.
error-invalid = The data is not valid yet: { $detail }
error-storage = Could not write: the disk is full or read-only. The earlier data is unchanged.
error-no-viewer = No program on this computer opens this kind of file. Save it instead (“Save PDF”) and open or print it elsewhere.
error-corrupt = The data file is damaged. Run the integrity check and restore from a backup.
error-locked = The app is locked. Please sign in again.
error-other = Something went wrong: { $detail }
error-reception-issued = This batch's reception record { $paper } has been issued, so nobody else can be added to the batch: the record names only the people who were in the batch when it was made. For people received later, start a new batch.
paper-ref = no. { $number } of { $date }
paper-ref-dated = of { $date }
error-username-format = Usernames have 3–32 characters: lower-case letters without accents, digits, dots, underscores or dashes.
error-password-short = The password must have at least { $min } characters.
error-password-line = The password must not contain line breaks.
error-password-mismatch = The two passwords do not match.
error-password-common = This password is too common: it would be guessed at once. Choose a long phrase only you remember.
error-password-name = The password must not be built on the username, the person's name or the unit's name.
error-password-guessable = The password is too easy to guess (common words, a sequence, a repeat or a date). Choose a longer phrase.

## First-run setup
setup-title = First-time setup
setup-intro = Data is encrypted and stays on this computer. Enter your unit and the first administrator account.
setup-step-unit = 1. Unit
setup-step-admin = 2. Administrator
setup-step-recovery = 3. Recovery code
setup-unit-name = Unit name
setup-unit-name-placeholder = e.g. Mộc Bài International Border Gate Border-Guard Station
setup-unit-kind = Kind of unit
setup-unit-kind-placeholder = Choose the kind of unit
setup-province = Province or city
setup-province-placeholder = Type to find a province or city
setup-error-unit-name = Please enter the unit's name.
setup-error-unit-name-capitals = Type the unit's name as written in a sentence (e.g. Đồn Biên phòng Mộc Bài), not all in capitals: the header of a paper capitalises it automatically, while the records' sentences print it as typed.
setup-error-unit-kind = Please choose the kind of unit.
setup-error-province = Please choose a province or city.
setup-admin-intro = The administrator account creates accounts for the unit's officers and supervisors.
setup-error-display-name = Please enter a name.
setup-password-hint = At least { $min } characters; a sentence that is easy for you to remember and hard for others to guess works well.
setup-create = Create the vault
setup-creating = Creating the encrypted vault…
setup-creating-detail = The computer is measuring its speed to choose the right password protection. This takes a few seconds.
setup-recovery-warning = The recovery code is shown only once. Do not photograph it or store it on a computer or phone.
setup-recovery-intro = Copy the code below by hand onto paper and keep it somewhere safe (for example the unit's safe). If the administrator password is forgotten or the account is locked, only this code opens the data again.
setup-recovery-how = The code has 6 groups of 5 characters (capital letters and digits, without I, L, O or U).
setup-code-check = Type the last group of the code to confirm you copied it
setup-error-code-check = That group is not right. Copy the code carefully and type its last group.
setup-finish = I have copied the code, start working

## Unlock
unlock-subtitle = Sign in to open the encrypted vault.
unlock-submit = Sign in
unlock-working = Unlocking…
unlock-slow = Opening is taking longer than usual. The first sign-in after an update upgrades the vault; a vault with many cases can take a few minutes. Please do not close the app or turn off the computer.
unlock-forgot = Forgot the password, or the account is locked?
unlock-auto-locked = The app locked itself after { $minutes } minutes without use.
unlock-demo-hint = Demo: username { $user }, password { $password }. All data in this vault is synthetic.
recovery-title = Recover with the recovery code
recovery-intro = Enter the recovery code printed at setup. Then set a new password for an administrator account.
recovery-code = Recovery code
recovery-code-format = A recovery code has 30 characters (6 groups of 5). Please check it.
recovery-open = Open with the recovery code
recovery-reset-title = Set a new administrator password
recovery-reset-intro = Choose the administrator account and set a new password. Any lock on that account is lifted.
recovery-admin = Administrator account
recovery-reset-submit = Set the password and sign in

## Shell
nav-admin = Administration
nav-audit = Audit log
shell-lock = Lock (Ctrl+L)
shell-lock-hint = Ctrl+L locks at once when you leave the computer.
shell-change-password = Change password
theme-dark = Dark theme
theme-light = Light theme

## Change password
password-title = Change password
password-forced = An administrator has just reset your password. Change it to your own before you start working.
password-submit = Change password
password-same = The new password must differ from the current one.
password-old-wrong = The current password is wrong.

## Administration
admin-users = User accounts
admin-new-user = New account
admin-create-user = Create account
admin-user-created = Account created. The user must change the password at first sign-in.
admin-user-changed = Account updated.
admin-password-reset = Password reset. The user must change it at sign-in.
admin-account-unlocked = Account unlocked.
admin-apply-role = Change role
admin-deactivate = Deactivate
admin-confirm-deactivate = Click again to confirm deactivation
admin-activate = Reactivate
admin-unlock-account = Unlock account
admin-reset-placeholder = New temporary password
admin-reset-password = Reset password
admin-unit = Unit details
admin-unit-saved = Unit details saved.
admin-autolock = Auto-lock
admin-autolock-unit = minutes without use (1–60)
admin-autolock-range = The auto-lock time must be between 1 and 60 minutes.
admin-autolock-saved = Auto-lock time saved.
admin-autolock-hint = Now: the app locks itself after { $minutes } minutes without input.
status-active = Active
status-deactivated = Deactivated
status-hard-locked = Locked after 10 failed attempts
status-failures = { $count ->
    [one] 1 failed attempt
   *[other] { $count } failed attempts
}

## Audit log
audit-all-users = All users
audit-all-actions = All actions
audit-from = From (dd/mm/yyyy)
audit-to = To (dd/mm/yyyy)
audit-bad-from = Write the start date as dd/mm/yyyy.
audit-bad-to = Write the end date as dd/mm/yyyy.
audit-verify = Verify integrity
audit-verify-ok = The log is intact: { $count } events chained and matching the anchor.
audit-verify-broken = The log was tampered with: the chain breaks at event { $seq }.
audit-time = Time
audit-user = User
audit-action = Action
audit-target = Record
audit-details = Details (field names)
audit-action-vault_created = Vault created
audit-action-login = Signed in
audit-action-login_failed = Failed sign-in
audit-action-lock = Locked
audit-action-recovery_used = Recovery code used
audit-action-user_created = Account created
audit-action-user_changed = Account changed
audit-action-password_changed = Password changed
audit-action-account_unlocked = Account unlocked
audit-action-settings_changed = Settings changed
audit-action-integrity_check = Integrity check
audit-action-draft_saved = Draft saved
audit-action-audit_viewed = Audit log viewed
audit-action-batch_created = Reception batch created
audit-action-batch_updated = Reception batch changed
audit-action-batch_viewed = Reception batch viewed
audit-action-case_created = Case created
audit-action-case_viewed = Case viewed
audit-action-case_updated = Case changed
audit-action-case_searched = Cases searched
audit-action-duplicate_linked = Duplicate linked
audit-action-duplicate_dismissed = Duplicate alert dismissed
audit-action-screening_saved = Screening saved
audit-action-decision_recorded = Decision recorded
audit-action-decision_approved = Decision approved
audit-action-decision_returned = Decision returned
audit-action-referral_created = Referral created
audit-action-referral_updated = Referral changed
audit-action-referral_status = Referral status changed
audit-action-export = Export
audit-action-print = Printed or saved as PDF
audit-action-report = Report produced
audit-action-backup = Backup
audit-action-restore = Backup restored
audit-action-bundle_exported = Transfer bundle exported
audit-action-bundle_imported = Transfer bundle imported
audit-action-list_imported = Handover list imported
audit-action-trust_added = Trusted unit added
audit-action-conflict_settled = Conflict settled

## Value names
sex-unknown = Not known
sex-male = Male
sex-female = Female
sex-other = Other
source-handed_over = Handed over (foreign side)
source-rescued = Rescued
source-self_returned = Returned on their own
source-hotline_111 = Through hotline 111
source-other_agency = Referred by another agency
status-received = Received
status-screened = Screened
status-being_identified = Being identified as a victim
status-referred = Referred
status-handed_over = Handed over
status-released = Released to home locality
status-closed = Closed
exit-unknown = Not known
exit-legal = Legal exit
exit-irregular = Irregular exit
outcome-suspected_victim = Suspected trafficking victim
outcome-needs_further_interview = Needs a further interview
outcome-exploitation_only = Signs of exploitation – not enough signs of trafficking yet, ask further
outcome-no_indicators = No signs of being a victim found (at the time of screening)
problem-required = This is required.
problem-cccd_digits = A CCCD number has exactly 12 digits.
problem-passport_format = A passport number has 6–12 letters and digits and starts with a letter.
problem-phone_format = The phone number is not right (8–15 digits).
problem-future_date = The date cannot be in the future.
problem-too_old = Years before 1900 are not valid.
problem-age_range = Type an age, a 4-digit birth year or a birth date dd/mm/yyyy.
problem-age_missing = Enter a birth date, a year or an age; if unknown, tick "Age uncertain".
problem-birth_conflict = The year of birth does not match the date of birth.
problem-exit_after_reception = The exit date cannot be after the reception date.
problem-commune_outside_province = The commune is not in the chosen province.
problem-unknown_province = No such province or city.

## Navigation
nav-cases = Cases
nav-batches = Reception batches
action-close = Close

## Case list
cases-new = New case
cases-search-placeholder = Search by name, other names, CCCD, passport, case number or phone (with or without accents)
cases-bad-dates = Filter dates must be written dd/mm/yyyy.
cases-age = Age
cases-child = under 18
cases-repeat = received { $count } times
cases-overdue = verification overdue
cases-none = No case matches.
cases-page = Page { $page } of { $pages } · { $total } cases
cases-draft-waiting = { $what }, not saved (at { $at }).
cases-draft-resume = Continue
filter-any-status = Any status
filter-any-sex = Any sex
filter-any-age = Any age
filter-children = Under 18
filter-adults = Adults
filter-any-outcome = Any screening result
filter-not-screened = Not screened
filter-any-gate = Any gate
filter-overdue = Overdue only
filter-clear = Clear filters
sort-name = By name (A–Z)
sort-newest = Newest first

## Case
case-new-title = New case
case-title = Case { $number }
case-in-batch = In batch { $number }
case-back = ← Back
case-save = Save (Ctrl+S)
case-created = Case { $number } created.
case-saved = Case { $number } saved.
case-has-errors = { $count ->
    [one] 1 field needs fixing before saving.
   *[other] { $count } fields need fixing before saving.
}
case-unsaved-question = There are unsaved changes. What would you like to do?
case-discard = Discard changes
case-stay = Stay
case-draft-restored = Unsaved input for this case was restored.
case-draft-discard = Discard the unsaved input
case-draft-failed = The draft could not be saved: { $detail }
case-repeat-return = This person has been received { $count } times: { $list }. This can be a sign of re-trafficking; pay attention when screening.
case-section-identity = Identity
case-section-address = Address, family
case-section-journey = Journey
case-section-health = Health, needs
case-section-support = Support, documents
case-section-status = Status, deadlines
case-identity = Identity
case-number = Case number
case-full-name = Full name
case-other-names = Other names
case-sex = Sex
case-birth = Date, year of birth or age
case-birth-date = Date of birth (dd/mm/yyyy)
case-birth-year = Year of birth
case-age-estimate = Age (estimated)
case-age-uncertain = Age uncertain (read 2 years lower; treated as under 18 if possibly under 18)
case-age-is = Age at reception: { $age }.
case-child-presumed = Under 18 or of unknown age: the procedure for persons under 18 applies.
case-possibly-child = Age uncertain and close to 18: treat as under 18 until the age is established.
case-id-number = CCCD number
case-passport = Passport number
case-phone = Phone number
case-ethnicity = Ethnicity
case-nationality = Nationality
case-reception = Reception
case-source = How received
case-received-on = Date received
case-gate = Gate or place
case-place = Exact place
case-address = Address
case-as-on-papers = Address as written on papers
case-province = Current province or city
case-commune = Current commune or ward
case-commune-placeholder = Type to find a commune or ward
case-address-detail = Hamlet, group, house number
case-family = Family contact
case-family-name = Relative's name
case-family-relation = Relationship
case-family-phone = Relative's phone
case-family-address = Relative's address
case-language = Language, interpretation
case-language-spoken = Language spoken
case-interpreter = Interpreter
case-interpreter-needed = Needs an interpreter
case-journey = Journey
case-exit-date = Exit date (dd/mm/yyyy)
case-exit-gate = Exit gate or route
case-exit-legality = Kind of exit
case-destination-country = Destination country
case-destination-place = Exact destination
case-months-abroad = Time abroad (months)
case-employer = Employer, company or compound
case-work-done = Work done
case-how-recruited = How recruited
case-recruiter-contacts = Recruiter contacts (Zalo, Facebook, Telegram, phone)
case-how-returned = How returned
case-health = Health and immediate needs
case-condition = Health condition
case-injuries = Injuries
case-pregnant = Pregnant
case-needs = Immediate needs
case-support = Support given
case-meals = Meals
case-clothing = Sets of clothing
case-shelter-days = Days of shelter
case-medical = Medical care
case-travel = Travel support
case-interpretation = Interpretation
case-support-other = Other support
case-children-documents = Accompanying persons under 18, documents, wishes
case-children = Case numbers of accompanying persons under 18 (comma-separated)
case-documents = Documents and belongings
case-wishes = Wishes
case-status = Case status
case-verification-on = Verification request sent on (dd/mm/yyyy)
case-identified-on = Identified as a victim on (dd/mm/yyyy)
case-notes = Notes
case-timeline = Progress and deadlines
case-screening-outcome = Screening result
deadline-verification = Verification request due (3 days)
deadline-support = Essential-needs support ends (120 days)
deadline-done = done
deadline-due = within the deadline
deadline-overdue = OVERDUE
deadline-na = not applicable

## Duplicate alerts
dup-title = Possibly the same person as another case
dup-same-id = Same CCCD number
dup-same-passport = Same passport number
dup-similar = Similar name ({ $score }%), same birth year and province
dup-compare = Compare
dup-link = Same person – link
dup-dismiss = Not the same person
dup-already-linked = Already linked as the same person
dup-compare-title = The two cases side by side
dup-open-other = Open the other case

## Reception batches
batch-new = New reception batch
batch-new-title = New reception batch
batch-title = Reception batch { $number }
batch-number = Batch number
batch-received-at = Received at
batch-people = People
batch-children = Under 18
batch-date = Date (dd/mm/yyyy)
batch-time = Time (HH:MM)
batch-handing-party = Handing-over party
batch-officers = Receiving officers
batch-units = Receiving units
batch-documents = Documents and belongings handed over
batch-quick-help = Quick entry, one person per row: name, CCCD number, province; a 12-digit CCCD fills in the sex and year of birth. Tab to the next cell, Enter for a new row. Age: date of birth dd/mm/yyyy, year of birth, age, "~17" if estimated, "?" if unknown. Sex: Male/Female (Nam/Nữ).
batch-col-sex = Sex
batch-col-age = Birth date / year / age
batch-col-province = Province of residence
batch-col-document = CCCD / passport
batch-sex-placeholder = M/F
batch-age-placeholder = 1998, 25, ~17, ?
batch-add-row = Add a row
batch-count = { $count ->
    [one] 1 person
   *[other] { $count } people
}
batch-save = Save the batch (Ctrl+S)
batch-no-people = No person entered in this batch yet.
batch-saved-title = { $count ->
    [one] 1 case saved
   *[other] { $count } cases saved
}
batch-duplicates = { $count ->
    [one] 1 person may already have a case: open the case to review.
   *[other] { $count } people may already have a case: open each case to review.
}
batch-dup-strong = Same document as case { $number }
batch-dup-possible = Possibly the same as case { $number }
batch-open-case = Open the case
batch-people-title = People received ({ $count })

## Screening
nav-screening = Screening
case-screen = Screen
screening-queue-title = Waiting for screening ({ $count ->
    [one] 1 person
   *[other] { $count } people
}, first come first)
screening-queue-empty = Nobody is waiting for screening.
screening-pending-title = Decisions waiting for a supervisor ({ $count })
screening-title = Screening of case { $number }
screening-age = { $age } years old
screening-age-unknown = age not known
screening-save = Save the screening
screening-saved = Screening saved.
screening-repeat = This person has been received { $count } times: watch for re-trafficking.
screening-exploitation = Form of exploitation:
exploitation-labour = Labour, forced work
exploitation-sexual = Sexual exploitation
screening-moved = Did anyone recruit, transport, transfer, harbour or receive this person?
screening-list = Indicator list in use: { $list }.
screening-presumed-child = (Age not known or estimate uncertain: presumed to be under 18.)
list-adult_labour = adults – labour exploitation
list-child_labour = under 18 – labour exploitation
list-adult_sexual = adults – sexual exploitation
list-child_sexual = under 18 – sexual exploitation
answer-yes = Yes
answer-no = No
answer-unknown = Not known
answer-declined = Declined
grade-strong = Strong indicator
grade-medium = Medium indicator
grade-weak = Weak indicator
grade-count-strong = strong
grade-count-medium = medium
grade-count-weak = weak
screening-note = Note for this question (optional)
screening-result = Suggested result and its basis
screening-dimension-line = { $code }: { $strong } strong, { $medium } medium, { $weak } weak
screening-positive = POSITIVE
screening-not-positive = not reached
screening-rule-adult = Adults: suspected victim when (DR or CR or VR) and EX and (CD or VD) are positive.
screening-rule-child = Under 18: suspected victim when EX is positive and someone recruited, transported, transferred, harboured or received the person; no means are needed.
screening-unknown-could-change = Some answers are "not known": once clarified, the result may change. A further interview is advised.
screening-purposes = Purposes (Law on Prevention and Combat of Human Trafficking 2024, art. 2(1)):
purpose-sold_for_benefit = Sold for money, property or another material benefit
purpose-sexual_exploitation = Sexual exploitation
purpose-forced_labour = Forced labour
purpose-organ_removal = Removal of body organs
purpose-other_inhumane = Other inhumane purposes
age-band-under_16 = Under 16 (a child)
age-band-16_17 = 16 to under 18
age-band-adult = 18 and over
age-band-unknown = Age not known
screening-ilo-title = Advice by the ILO/EC 2009 indicators
legal-title = Elements under the Law on Prevention and Combat of Human Trafficking 2024 (art. 2(1))
legal-element-act = Act (recruiting, transporting, transferring, harbouring, receiving a person)
legal-element-purpose = Purpose (sale for a benefit, sexual exploitation, forced labour, removal of organs, other inhumane purposes)
legal-element-means = Means (force, threat, deception, abuse of a vulnerable position or other means)
legal-value-yes = Yes
legal-value-no = No
legal-value-unknown = Not known
legal-value-not_required = Not required (under 18)
legal-signs-present = Signs of trafficking under Law 53/2024 (act, purpose, means)
legal-signs-present-under-18 = Signs of trafficking of a person under 18 under Law 53/2024 (act, purpose; no means needed)
legal-signs-insufficient = Not enough elements of trafficking under Law 53/2024
legal-signs-unknown = The elements under Law 53/2024 are not all established: ask further
legal-missing-title = Missing:
legal-missing-act = No act of recruiting, transporting, transferring, harbouring or receiving the person is established.
legal-missing-purpose = No purpose (sale for a benefit, sexual exploitation, forced labour, removal of organs or another inhumane purpose) is established.
legal-missing-means = No means (force, threat, deception, abuse of a vulnerable position or other means) is established.
screening-proposed-decision = Proposed decision: { $decision } (the officer still decides and records the reason)
screening-non-punishment = The answers of the person screened are used only to identify, protect and support them; they may not be used to punish the person (the non-punishment principle).
screening-v1-result = Screening under catalog { $version }: the saved result is kept (it has no elements under Law 53/2024).
screening-evidence = Evidence sources (Law on Prevention and Combat of Human Trafficking 2024, art. 32(1))
evidence-a = a) Documents and evidence of the procedural bodies
evidence-b = b) Documents of the rescuing agency or unit
evidence-c = c) Documents of a Vietnamese mission abroad
evidence-d = d) Documents of another domestic agency or organisation
evidence-dd = đ) Documents of a competent foreign authority
evidence-e = e) Statements or documents of the person or relatives
evidence-g = g) Statements of the trafficker
evidence-h = h) Statements of other victims or witnesses
evidence-i = i) Other lawful evidence
screening-fallback = When the sources are not enough: the signs of art. 32(2)
sign-background_verified = Background, period of absence and its reason verified as consistent with the account
sign-found_with_victims = Found or rescued together with other victims
sign-held_in_exploitation_place = Lived or was held at a place of exploitation
sign-papers_confiscated = Identity papers confiscated
sign-movement_restricted = Movement or communication restricted
sign-debt_bondage = Debt bondage or ransom demanded
sign-deceived_job_or_marriage = Deceived about a job or a marriage
sign-exploited = Sexually exploited or forced to work
sign-child_transferred_for_benefit = A person under 18 handed over for a benefit
screening-evidence-note = Note on the evidence
screening-decision = The officer's decision
screening-advice = The result above is advice; the screening officer decides and records the reason.
decision-suspected_victim = Person being identified as a victim
decision-not_victim = No signs of being a victim found (at the time of screening)
decision-needs_verification = Needs further verification
decision-none = No decision yet
screening-reason = Reason for the decision (required)
screening-record-decision = Record the decision and submit it
screening-choose-decision = Choose a decision.
screening-reason-required = Write the reason for the decision.
screening-return-note = Write why the decision is returned.
approval-none = Not submitted yet
approval-pending = Waiting for a supervisor (officer { $by })
approval-approved = Approved by { $by }
approval-returned = Returned by { $by }: { $note }
screening-own-decision = You cannot approve your own decision.
screening-review-note = Supervisor's comment
screening-approve = Approve
screening-return = Return
screening-approved = Decision approved.
screening-returned = Decision returned for completion.
screening-rescreen = Screen again (new version)
screening-new-version = A new screening version is being made; the approved one is kept as it is.
screening-history = Screenings of this case

## Referrals
nav-referrals = Referrals
case-refer = Refer
referral-title = Referral – case { $number }
referral-new = New referral
referral-none = No referral yet.
referral-none-for-case = This case has no referral yet. Click "New referral".
referral-number = Number
referral-agency = Receiving agency
referral-services = Support requested
referral-services-other = Other support requested
referral-protection = Protection and safety concerns
referral-consent = The person's consent
referral-consent-given = The person agreed to the referral and to sharing the information in it
referral-consent-told = What was explained (purpose, receiving agency, data shared, right to refuse)
referral-consent-language = Language of the explanation
referral-child-guardian = Under 18: a parent's or guardian's consent is needed.
referral-guardian = Guardian's name
referral-no-consent-reason = Without consent: why the referral goes ahead
referral-workflow = Steps
referral-save = Save draft
referral-approve = Approve the referral
referral-own = You drafted this referral, so you cannot approve it.
referral-needs-supervisor = A supervisor (not the drafter) must approve this referral.
referral-handover-title = Record the handover
referral-receiver = Received by
referral-receiver-title = Receiver's position
referral-record-handover = Record the handover
referral-ack-date = Date the agency acknowledged (dd/mm/yyyy)
referral-ack-note = Acknowledgement note
referral-acknowledge = Record the acknowledgement
referral-ack-on = The receiving agency acknowledged on { $date }.
referral-bad-datetime = Write dates dd/mm/yyyy and times HH:MM.
referral-saved = Referral { $number } saved ({ $status }).
referral-cannot = Not possible yet: { $problems }
referral-problem-no_agency = No receiving agency chosen.
referral-problem-no_consent_or_reason = Record the consent, or the reason to proceed without it.
referral-problem-consent_details = Record what was explained and in which language.
referral-problem-guardian_required = Under 18: the consenting guardian's name, or the reason there is none.
referral-problem-own_approval = The drafter cannot approve their own referral.
referral-problem-not_supervisor = Only a supervisor or an administrator can approve.
referral-problem-wrong_step = The referral is not at this step.
referral-problem-handover_details = The handover time and the receiver's name are needed.
referral-documents = Documents
referral-draft-papers = The referral is a draft: its papers print marked "DRAFT" (DỰ THẢO), unnumbered, from what is saved. The package is made once a supervisor approves.
referral-export = Export the encrypted referral package (.zip)
referral-package-done = The encrypted referral package is ready
referral-package-path = File: { $path }
referral-package-passphrase = Passphrase to open it (shown once – read it to the receiving agency by phone or write it down; never send it with the file):
referral-package-warning = Open the package with the free program 7-Zip (www.7-zip.org) and this passphrase; Windows Explorer cannot open AES-256 encrypted files. Do not send the passphrase the same way as the file.
referral-package-close = I have written the passphrase down
referral-status-draft = Draft
referral-status-approved = Approved
referral-status-handed_over = Handed over
referral-status-acknowledged = Acknowledged by the agency
service-essential_needs = Essential needs
service-shelter = Temporary shelter
service-medical = Medical care
service-psychological = Psychological support
service-legal_aid = Legal advice and aid
service-travel_home = Travel home
service-education_vocational = Schooling and vocational training
service-hardship_allowance = Initial hardship allowance
service-loan = Loan
service-interpretation = Interpretation

## Documents
doc-open = Open PDF
doc-save = Save PDF
doc-reception = Reception record
doc-screening = Screening record
doc-referral = Referral form
doc-handover = Handover record
doc-opened = The document is open in the PDF viewer. The temporary copy is removed when the app locks.
doc-saved = Document saved: { $path }
doc-cancelled = Saving was cancelled.
screening-save-first = Save the screening before printing it.
referral-save-first = Save the referral you are writing before opening another.

cases-col-sex = Sex
cases-col-province = Province
cases-col-received = Received
cases-col-gate = Gate
cases-col-status = Status

## Reports
nav-reports = Reports
report-unknown = Not known
report-col-table = Table
report-col-item = Item
report-col-count = Count
report-total = Total
report-title = Statistical report
report-period = Period
report-from = From
report-to = To
report-run = Show figures
report-preset-this_month = This month
report-preset-this_quarter = This quarter
report-preset-campaign = Campaign 01/07–30/09
report-preset-this_year = This year
report-export-pdf = Export PDF
report-export-xlsx = Export Excel (XLSX)
report-export-csv = Export CSV
report-export-dataset = Anonymised dataset (CSV)
report-dataset-done = Anonymised dataset exported: { $rows } rows; { $suppressed } rows removed so every group has at least { $k } people.
report-bad-dates = Write dates dd/mm/yyyy, with the start not after the end.
report-needs-supervisor = Only supervisors and administrators can see reports.
report-table-overview = Overview
report-table-sex = By sex
report-table-age_band = By age band
report-table-source = By how they returned
report-table-gate = By gate or place
report-table-destination = By destination country
report-table-exploitation = By form of exploitation
report-table-outcome = By screening result
report-table-decision = By officer's decision
report-table-support = Support given
report-table-referrals = Referrals
report-table-repeat = Repeated returns
report-table-children = Under 18
report-row-overview-received = People received
report-row-overview-children = Of whom under 18
report-row-overview-screened = Screened
report-row-overview-suspected_victims = Persons being identified as victims
report-row-age_band-under_16 = Under 16 (children)
report-row-age_band-16_17 = 16 to under 18
report-row-age_band-adult = 18 and over
report-row-age_band-unknown = Age not known
report-row-support-meals = Meals
report-row-support-clothing_sets = Sets of clothing
report-row-support-shelter_days = Days of shelter
report-row-support-medical = People given medical care
report-row-support-travel = People given travel support
report-row-support-interpretation = People given interpretation
report-row-repeat-repeat = Received before
report-row-repeat-first = First reception
report-row-children-child = Under 18 (including persons of unknown age presumed under 18)
report-row-children-adult = 18 and over, or age not known

## Transfer
nav-transfer = Transfer
transfer-unit-key = This unit's key for signing bundles it sends
transfer-fingerprint = Key identity code: { $fingerprint }
transfer-unit-key-help = Send this unit's key file to the provincial desk, then read the key identity code to them by phone so they can compare it before trusting it.
transfer-save-key = Save this unit's key file
transfer-trusted-title = Trusted sending units
transfer-none-trusted = None yet.
transfer-key-file = The sending unit's key file
transfer-choose = Choose a file…
transfer-trust = Trust this unit
transfer-trusted = { $unit } is now trusted (key identity code { $fingerprint }). Compare this code with the sending unit.
transfer-export-title = Export a transfer bundle
transfer-to-recipient = Encrypt to the provincial desk's receiving key (instead of a passphrase)
transfer-recipient = The provincial desk's receiving key (starts with age1…)
transfer-bad-recipient = A receiving key starts with "age1". Copy all of it from the file the desk sent.
transfer-passphrase = Bundle passphrase
transfer-since-last = Only cases changed since the last bundle
transfer-export = Export the bundle
transfer-exported = { $count ->
    [one] 1 case exported to { $path }.
   *[other] { $count } cases exported to { $path }.
}
transfer-import-title = Import a transfer bundle
transfer-bundle-file = Transfer bundle file
transfer-identity = This desk's private receiving key file (for bundles encrypted to its receiving key)
transfer-check = Check the bundle
transfer-untrusted = The bundle is signed by a unit that is not trusted here.
transfer-preview = Bundle from { $unit }: { $count } cases — { $new } new, { $updated } updated, { $conflicts } conflicts, { $unchanged } unchanged. Nothing is written yet.
transfer-import = Import into the vault
transfer-imported = Imported: { $new } new cases, { $updated } updated, { $conflicts } conflicts to settle.
transfer-conflicts = Conflicts to settle ({ $count })
transfer-keep-local = Keep this version
transfer-take-incoming = Take the incoming version
transfer-settled = Conflict settled.

## Backup and restore
nav-backup = Backup
backup-title = Back up the data
backup-intro = A backup is encrypted like the vault itself and is checked again after it is written. Save it to a USB stick or another disk and keep it somewhere safe, away from this computer.
backup-last = Last backup
backup-never = Never backed up
backup-due = No backup for more than { $days } days. Back up now so that a broken or lost laptop does not lose the data.
backup-reminder-banner = The data has not been backed up for a long time. A broken or lost laptop would lose every case.
backup-now = Make a new backup
backup-destination = Folder for the backup (USB stick, another disk)
backup-destination-hint = For example: /media/officer/USB
backup-choose = Choose folder…
backup-start = Back up now
backup-working = Backing up and checking the copy…
backup-done = Backed up { $cases } cases ({ $size }) to { $folder }. The copy was checked and opens.
backup-what = Each backup makes a new folder named by date and time, with the encrypted database, the key file and a description. Opening a backup needs an account's password or the recovery code.
backup-reminder = Backup reminder
backup-reminder-days = days (0 = no reminder)
backup-reminder-readonly = Reminder after { $days } days. An administrator can change this.
backup-reminder-saved = A reminder appears after { $days } days without a backup.
backup-reminder-off = Backup reminders are off.
backup-restore-hint = To restore from a backup, lock the app and choose "Restore from a backup" on the sign-in screen (an administrator account is needed).
backup-error-no-folder = No folder chosen.
backup-error-not-folder = This folder cannot be found. Check that the USB stick is plugged in and the path is right.
backup-error-days = The number of days must be from 0 to 365.
restore-link = Restore from a backup…
restore-title = Restore from a backup
restore-intro = Choose the backup folder (tiepnhan-backup-…) and sign in with an administrator account that the backup holds. The backup is checked before anything is restored.
restore-folder = Backup folder
restore-folder-hint = For example: /media/officer/USB/tiepnhan-backup-20261127-0930
restore-admin-username = Administrator username
restore-check = Check the backup
restore-working = Checking and restoring…
restore-backup-section = The backup
restore-backup-date = Backed up at
restore-backup-cases = Cases
restore-backup-by = Backed up by
restore-check-ok = The backup is intact: every data page and the audit log are valid.
restore-target-empty = There is no data on this computer yet: the backup becomes its data.
restore-target-same = The data here is not newer than the backup: nothing is lost by restoring.
restore-loss = The data here is NEWER than the backup. Restoring loses: { $added } new cases, { $changed } edited cases, { $screenings } screening records, { $referrals } referrals and { $events } audit events (the newest at { $newest }). The current data is kept in a separate folder, not deleted.
restore-confirm-loss = I understand that this data will no longer be in the application after the restore
restore-start = Restore
restore-error-credentials = Enter the administrator username and password.
restore-error-confirm = Confirm that you understand what will be lost before restoring.
restore-done = Restored, and recorded in the audit log. Please sign in again.
restore-kept = The previous data is kept at: { $folder }
restore-to-login = Back to sign-in
problem-required-field = Enter the { $field }.
problem-not_a_date = Write the date as dd/mm/yyyy, e.g. 05/03/2026.
problem-no_such_date = There is no such date.
problem-not_a_number = Enter a whole number from 0.
problem-out_of_range = Enter a number from { $min } to { $max }.
problem-not_a_year = Enter the year with 4 digits, e.g. 1998.
problem-not_an_age = Enter the age as a whole number, e.g. 24.
problem-not_months = Enter a whole number of months, e.g. 24 for 2 years.
problem-not_a_time = Write the time as HH:MM, e.g. 09:30.
problem-not_a_sex = Write "male", "female" or "other" (nam / nữ / khác).
unlock-auto-locked-drafts = The app locked itself after { $minutes } minutes without use. Unsaved input was kept as a draft; after signing in, the same form opens again.
action-confirm = Confirm
audit-target-audit = Audit log
audit-target-bundle = Transfer bundle
audit-target-settings = Settings
audit-target-unit-key = Unit key
audit-target-users = Accounts
audit-target-vault = Vault
batch-dup-undecided = { $count ->
    [one] 1 person has
   *[other] { $count } people have
} the ID or passport number of an existing case: choose "same person" or "different person" on each row before saving.
batch-none = No reception batches yet.
batch-under-18 = Under 18
batch-row-match = { $reason } as case { $number } ({ $name }, received { $date }).
case-under-16 = Under 16 (a child): the procedure for children applies.
case-under-18 = Under 18: the procedure for minors applies.
choose-placeholder = Choose…
draft-batch = Reception batch being typed
draft-case = Case being edited
draft-new-case = New case being typed
draft-referral = Referral being drafted
draft-screening = Screening in progress
draft-kept = Unsaved input was kept as a draft; it can be reopened from the case list.
draft-restored = Unsaved input from before was reopened.
drafts-waiting = { $count ->
    [one] 1 unsaved draft is waiting (see the case list).
   *[other] { $count } unsaved drafts are waiting (see the case list).
}
dup-create-anyway = Different person – create anyway
dup-different-person = Different person
dup-new-question = This document number is already in another case. Is this the same person received again, or a different person?
dup-reason-placeholder = Reason (required for a different person)
dup-reason-required = Give a reason when it is a different person.
dup-repeat-return = Same person – received again
error-catalog = The screening indicator catalog could not be read.
filter-any-referral-status = Any referral status
filter-from = From
filter-to = to
filter-under-18 = Under 18
folder-choose = Choose…
grade-other = other
leave-after-save = Saving. The page you chose opens as soon as the save is done.
leave-discard = Discard the changes
leave-keep-draft = Keep a draft and leave
leave-question = This form has unsaved input. Keep it as a draft to continue later, or discard it?
leave-stay = Stay
no = No
yes = Yes
no-dialog = No save dialog can be shown on this computer; the file is saved to { $path }.
no-file-dialog = No file dialog can be shown on this computer. Type the file path in the box.
no-folder-dialog = No folder dialog can be shown on this computer. Type the folder path (e.g. /media/usb) in the box.
referral-status = Referral status
saved = Saved.
screening-confirm-approve = Approve this decision? Once approved, the screening can no longer be edited.
screening-confirm-return = Return this decision to the officer with your note?
screening-proposed-by = Proposed by
screening-decision-placeholder = Choose a decision…
screening-dim-none = { $name }: no signs yet (needs { $need }).
screening-dim-positive = { $name }: signs present ({ $have }).
screening-dim-short = { $name }: not enough signs ({ $have } so far; needs { $need } more).
screening-draft-restored = The unsaved answers of this screening were reopened.
screening-keys-help = Keys: 1 Yes · 2 No · 3 Unknown · 4 Declined · ↑↓ question · PgUp/PgDn indicator group.
screening-read-only = Reviewing for approval: the answers cannot be changed here.
screening-rule-legend = A group shows signs with: 2 strong indicators, or 1 strong + 1 other, or 3 medium, or 2 medium + 1 weak.
audit-field-fields = Fields changed
audit-field-referral = Referral
audit-field-what = Document
audit-field-screening = Screening
audit-field-at = At
audit-field-by = By
audit-field-version = Version
audit-field-to = To
audit-field-status = Status
audit-field-sequence = Bundle number
audit-field-role = Role
audit-field-people = People
audit-field-other = Other case
audit-field-from = From
audit-field-updated = Updated
audit-field-sender = Sender
audit-field-record = Record
audit-field-reason_given = Reason given
audit-field-page = Page
audit-field-new = New
audit-field-format = Format
audit-field-fingerprint = Key identity code
audit-field-decision = Decision
audit-field-conflicts = Conflicts
audit-field-choice = Choice
audit-field-cases = Cases
audit-field-batch = Batch
audit-field-answers = Answers
audit-field-agency = Agency
cases-under-16 = child under 16
admin-time-zone = The unit's time zone (times on papers)
admin-time-zone-vn = Vietnam time ({ $offset })
audit-field-schema = Data structure version
audit-target-other = Another record
audit-target-report = Statistical report
audit-value-self = the user themself
audit-value-admin = an administrator
audit-value-recovery-code = the recovery code
audit-value-screen = viewed on screen

## Key lifecycle (issue 19, 25)
audit-action-trust_removed = Trusted unit removed
audit-action-rekey_started = Re-key started
audit-action-rekey_completed = Re-key completed
audit-action-rekey_rolled_back = Interrupted re-key rolled back
audit-action-admin_key_created = Administrators' key created
audit-action-account_converted = Account converted to the new format
audit-action-state_mismatch = Users, roles or trusted units changed without an administrator
audit-action-state_accepted = Administrator signed the users and roles again
audit-action-lockout_tampered = Failed sign-in counter edited or removed
audit-action-kdf_tampered = Password key-derivation settings edited
audit-action-audit_alarm = Audit log alarm
conflict-reason-changed_here = The case was changed here since the last import
conflict-reason-not_from_sender = A case with this id exists here but did not come from this sender
conflict-reason-screening_of_another_case = A screening has the id of another case's screening
conflict-reason-referral_of_another_case = A referral has the id of another case's referral
alarm-state = Users, roles or trusted units differ from what an administrator signed. Supervisor and administrator rights are suspended until an administrator reviews and confirms.
alarm-audit = The audit log was altered, cut short or replaced by an older copy.
alarm-lockout = The failed sign-in counter in the keyring was removed or edited.
alarm-kdf = The password key-derivation settings in the keyring were edited; safe settings are used instead.
alarm-recovery-unseen = An interrupted re-key means the new recovery code was never printed. Renew the recovery code.
alarm-recovery-outdated = The recovery code is still in the old format. Renew the recovery code.
alarm-rekey-rolled-back = An interrupted re-key was rolled back. Repeat the action (deactivation, role change or password reset).
rekey-stage-preparing = Making the new keys…
rekey-stage-rewriting = Re-encrypting the data…
rekey-stage-checkpointing = Writing to disk…
rekey-stage-finishing = Deleting the old keys…
rekey-stage-done = The data key was changed.

## Provincial report (cross-tables, named periods, identified victims)
report-col-row = Row
report-col-col = Column
report-col-period = This period
report-col-last-year = Same period last year
report-col-class-none = Not suspected or not screened
report-col-class-suspected = Suspected victim (being identified)
report-col-class-identified = Identified victim
report-other-listed = Other (not on the list)
report-table-sex_age_received = People received by sex and age band
report-table-sex_age_suspected = Suspected victims by sex and age band
report-table-sex_age_identified = Identified victims by sex and age band
report-table-province = By home province
report-table-nationality = By nationality
report-table-ethnicity = By ethnic group
report-table-exit_legality = By legality of exit
report-table-batch = By reception batch
report-table-purpose = Purposes of exploitation (one person may have several)
report-table-amount = Support given and fines
report-table-referral = Referrals by receiving agency and status
report-table-legal = Administrative fines and wanted persons handed over
report-table-classes = By victim identification
report-row-overview-under_18 = Of whom under 18
report-row-overview-identified_victims = Identified victims
report-row-overview-foreigners = Foreign nationals
report-row-overview-stateless = Stateless persons
report-row-overview-batches = Reception batches
report-row-children-under_18 = Under 18 (including people of unknown age presumed under 18)
report-row-batch-batch = Received in a batch (handover list)
report-row-batch-single = Received individually
report-row-support-none = No support recorded
report-row-amount-meals = Meals
report-row-amount-clothing_sets = Sets of clothing
report-row-amount-shelter_days = Days of shelter
report-row-amount-fine_vnd = Fines (VND)
report-row-legal-fined = Fined (administrative penalty)
report-row-legal-wanted = Wanted persons handed over to the police
report-row-purpose-none = No purpose recorded
report-sheet-period = Reporting period: { $from } to { $to }
report-sheet-period-named = Reporting period: { $name } ({ $from } to { $to })
report-named-period = Named period
report-save-period = Name this period
report-period-name = New period, e.g. Q3 2026
report-period-saved = Saved the report period "{ $name }".
report-period-needs-name = Enter a name for the period.
report-mark = Confidentiality mark when printing
report-mark-none = Not marked
report-compare = Compared with the same period last year ({ $from } – { $to }): { $now } people received ({ $change }).
report-change-up = up { $n }
report-change-down = down { $n }
report-change-same = unchanged
case-passport-country = Passport issued by
case-identification = Victim identification
case-identification-basis = Identified by
case-identification-document-type = Kind of confirming document (art. 33)
case-identification-issuer = Issued by
case-identification-number = Document number
identification-none = Not identified
identification-art33_document = Confirming document (art. 33)
identification-art32_decision = Identification decision (art. 32)
## Personal data protection (issue 17; Law 91/2025, Decree 356/2025)
nav-privacy = Personal data
case-notice = Personal data notice
batch-notice = Personal data notice
case-sensitive-mark = sensitive
notice-title = Notice on the processing of personal data – case { $number }
notice-save = Save the notice
notice-person = Person told: { $name }
notice-tell-purpose = The unit collects and processes your data to receive, verify, identify, support and protect you under the Law on Prevention and Combat of Human Trafficking 2024; this needs no consent. Your answers are not used to punish you.
notice-tell-sensitive = Ethnicity, health, statements about crimes, where you were taken and images of papers are sensitive personal data and get stronger protection.
notice-tell-rights = You may know, agree or refuse, withdraw consent, see and get a copy, ask for correction, deletion, object to a processing, and complain.
notice-tell-hotline = For help, call the national anti-trafficking hotline 111 (free, 24/7).
notice-given-on = Date of the notice (dd/mm/yyyy)
notice-language = Language of the notice
notice-interpreter = Interpreter (if any)
notice-uses = Uses that need consent
notice-never-default = Ask about each use and press the person's answer. Silence or no answer is "Not asked", never consent.
notice-previous = Previous notice: { $date }. Earlier answers are not reused; ask again.
notice-guardian-section = Under 18: the guardian
notice-child-and-guardian = A child of 7 or more answers each use; a use goes ahead only when both the child and the guardian agree.
notice-guardian-answers = Under 7: the guardian answers each use for the child.
notice-guardian = Guardian's full name
notice-guardian-relation = Relation to the child
notice-guardian-consent = The guardian agrees to the uses agreed above
notice-choice-agreed = Agreed
notice-choice-refused = Refused
notice-choice-not_asked = Not asked
notice-use-share_ngo = Share information with support organisations outside the state (NGOs, IOM)
notice-use-photos = Take and keep photographs of the person
notice-use-follow_up = Contact again after the handover to follow up and support
notice-use-share_family_contact = Give the family's contact to the receiving agency with a referral
notice-problem-no_date = The date of the notice is needed.
notice-problem-no_language = The language of the notice is needed.
notice-problem-guardian_name = Under 18: the guardian's name is needed when a use is agreed.
rights-kind-access = Access, a copy
rights-kind-correction = Correction
rights-kind-withdrawal = Withdrawal of consent
rights-kind-deletion = Deletion
rights-kind-objection = Objection, restriction
rights-decision-granted = Granted
rights-decision-partly_granted = Partly granted
rights-decision-refused = Refused
rights-new = Register a new request
rights-case = Case number
rights-requester = Who asked
rights-relation = Relation (self, guardian…)
rights-received = Received on (dd/mm/yyyy)
rights-details = What is asked
rights-withdrawal-note = A withdrawal of consent takes effect when registered: no new referral, and this person's data goes into no bundle.
rights-register = Register the request
rights-register-title = Register of data subjects' requests
rights-open-only = Open requests only
rights-none = No request yet.
rights-overdue = Overdue
rights-open = Open
rights-select = Select
rights-decide-title = Decide the request: { $kind }
rights-deadline = Deadline (dd/mm/yyyy)
rights-set-deadline = Set the deadline
rights-reason = Reason
rights-deletion-note = Granting a deletion reduces the case to anonymised statistics (cannot be undone). An open case cannot be deleted: refuse with the legal reason.
rights-correction-note = Correct the value in the case; the earlier value stays in the case's history, the log names the field only.
rights-decide = Record the decision
privacy-periods-bad = Retention periods must be whole numbers.
retention-title = Retention periods
retention-explain = Open cases, cases with an open request and cases with an unsettled import are never removed. Report totals of past periods do not change.
retention-screening-months = Remove screening answers of persons found not to be victims after (months from the handover)
retention-closed-years = Reduce closed cases to statistics after (years)
retention-save-periods = Save the periods
retention-check = See what is due
retention-apply = Remove what is due
retention-due = Due: screening answers of { $screening } persons; { $cases } cases to reduce to statistics.
retention-confirm = Remove the screening answers of { $screening } persons for good and reduce { $cases } cases? This cannot be undone.
retention-confirm-yes = Remove
retention-confirm-no = Do not remove
retention-removed = Removed the screening answers of { $screening } persons and reduced { $cases } cases. Each case has one line in the audit log.
referral-consent-child = The child (7 or more) agrees
referral-withdrawn = This person withdrew their consent: no new referral can be made and no referral package can leave.
referral-problem-child_consent = A child of 7 or more: both the child's and the guardian's consent are needed.
referral-problem-consent_withdrawn = This person withdrew their consent: no new referral.
audit-action-notice_recorded = Personal data notice recorded
audit-action-rights_requested = Data subject's request registered
audit-action-rights_deadline = Request deadline set
audit-action-rights_decided = Data subject's request decided
audit-action-retention_reviewed = Data due for removal looked at
audit-action-retention_removed = Data removed at the end of its retention period
audit-field-kind = Kind
audit-field-rule = Rule
audit-field-sensitive = Sensitive data
audit-field-purpose = Purpose
audit-field-agreed = Uses agreed
audit-field-refused = Uses refused
audit-field-records = Records
rights-copy = Make the person's copy of their data
rights-copy-done = The person's copy of their data is made (encrypted package)
rights-copy-passphrase = Passphrase of the package (shown once – give it to the person directly, never with the file):
## Attachments
audit-action-attachment_added = File attached
audit-action-attachment_opened = Attachment opened or printed
audit-action-attachment_removed = Attachment removed
audit-field-attachment = Attachment
audit-field-attachments = Attachments included
audit-field-bytes = Size (bytes)
attachment-kind-person_photo = Photo of the person
attachment-kind-id_document = ID document
attachment-kind-handover_list = Handover list
attachment-kind-medical = Medical paper or injury photo
attachment-kind-other = Other file
attachments-title = Attachments (photos, papers)
attachments-none = No attachments yet.
attachments-save-first = Save the case before attaching files.
attachments-path = File path (JPEG, PNG or PDF, at most 20 MB)
attachments-choose = Choose file…
attachments-add = Attach
attachments-kind = Kind
attachments-open = Open / Print
attachments-remove = Remove
attachments-sensitive = Sensitive
attachments-pdf = PDF file
attachments-thumb-loading = Making the thumbnail…
attachments-thumb-failed = No preview
attachments-added = File attached; the image's hidden data (EXIF, GPS location) was removed.
attachments-opened = A copy was opened to view or print; it is deleted when the app locks.
attachments-removed = Attachment removed.
attachments-no-dialog = The file dialog could not open; type the file's path.
attachments-meta = { $kind } · { $size } · { $date } · { $who }
## Papers and organisations (issue 16)
audit-action-paper_issued = Paper issued (number and date fixed)
audit-action-citizens_handed_over = Citizens handed over
case-fine = Administrative fine, wanted person
case-fine-decision-number = Fine decision number (illegal exit)
case-fine-decided-on = Decision date (dd/mm/yyyy)
case-fine-amount = Fine amount (đồng)
case-wanted-handed = Wanted person, handed to the police
org-letterhead = Letterhead (Decree 30/2020/NĐ-CP)
org-letterhead-hint = Printed at the top left of every record, form and report. Left empty, the unit's name, code and province are used.
org-typed-in-capitals = Type the superior agency, the unit's name and the place as written in a sentence (e.g. Bộ Chỉ huy Bộ đội Biên phòng tỉnh Tây Ninh), not all in capitals: the header capitalises them automatically, while "Kính gửi", the records' sentences and the date line print them as typed.
org-capitals-not-saved = The letterhead was not saved: a name is typed all in capitals (see the note under the fields).
org-superior = Superior agency
org-unit-name = Unit name on papers
org-abbreviation = Abbreviation in paper numbers
org-place = Place name of the date line
org-head-post = Post of the head of the unit
org-default-signer = Default signer
org-blank-numbers = Leave paper numbers blank for the records office
org-titles = Rank and post (signer blocks)
org-rank = Rank
org-post = Post
org-agencies = Receiving agencies and organisations
org-new-agency = Add an agency
org-gates = Border gates and places of reception
org-new-gate = Add a gate
org-name = Name
org-kind = Kind
org-validity = Valid
org-in-force = In force
org-retired = Retired
org-address = Address
org-contact = Contact person
org-phone = Phone
org-valid-from = Valid from (dd/mm/yyyy)
org-valid-to = Valid until (dd/mm/yyyy)
org-active = In use
org-bad-date = Dates are written dd/mm/yyyy.
agency-kind-provincial_health = Provincial Department of Health
agency-kind-provincial_labour = Department of Labour, Invalids and Social Affairs (before 01/03/2025)
agency-kind-social_assistance = Social-assistance facility
agency-kind-victim_support = Victim-support facility
agency-kind-police = Police
agency-kind-commune_committee = Commune People's Committee
agency-kind-womens_union = Women's Union
agency-kind-ngo_shelter = NGO shelter
agency-kind-family = Family
agency-kind-other = Other
gate-kind-international = International border gate
gate-kind-main = Main border gate
gate-kind-secondary = Secondary border gate
gate-kind-crossing = Border crossing
gate-kind-other = Other place
case-fine-confirm = This person was screened as a suspected victim of trafficking. Under the non-punishment principle, victims are not punished for acts they were compelled to commit (such as leaving the country illegally). Record the fine only when there are grounds for it. Record it anyway?
case-fine-confirm-yes = Record the fine anyway
batch-handover-title = Handover of citizens to their home locality
batch-handover-make = Make a handover record…
batch-handover-hint = People with no signs of trafficking are handed to the police of their home province, a commune People's Committee or their family, one record with its list per receiver. Suspected victims are referred and are not on these records.
batch-handover-record = { $receiver }: { $count ->
    [one] 1 person
   *[other] { $count } people
}
batch-handover-pending = { $count ->
    [one] 1 person still to hand over
   *[other] { $count } people still to hand over
}
batch-handover-none-pending = Nobody left to hand over
batch-reception-issued = Reception record { $paper } has been issued. The batch takes no more people; for people received later, start a new batch.
batch-reception-closes = Printing the reception record closes the batch's list: after that, nobody else can be added. Enter everyone received before printing it.
batch-and-others = {" "}and { $count ->
    [one] one more
   *[other] { $count } more
}
batch-reception-missing = The issued record does not name { $count ->
    [one] one person
   *[other] { $count } people
} in this batch (added after it was issued), case numbers: { $numbers }. A supplementary record for them has to be made outside the app.
} of this batch (added after it was issued): { $numbers }. A supplementary record is needed for them.
handover-form-title = Citizen handover record — batch { $number }
handover-form-hint = One record per receiver. People left unticked stay for another receiver. The record gets its number and date when it is recorded.
handover-receiver = Receiver
handover-receiver-pick = Choose the receiver
handover-receiver-named = A family or another receiver (type the name)
handover-receiver-name = Receiver's name (when not in the list)
handover-receiver-name-hint = E.g. Gia đình ông Nguyễn Văn A
handover-proposal = Proposed by home province: { $count ->
    [one] 1 person
   *[other] { $count } people
} to { $receiver }.
handover-proposal-more = Proposed by home province: { $count ->
    [one] 1 person
   *[other] { $count } people
} to { $receiver }; the other { $others } to the police of their own home provinces, one record each.
handover-people = Citizens handed over: { $ticked } of { $total } ticked
handover-all = Tick all
handover-person-age = age { $age }
handover-no-province = home province unknown
handover-giver = I. Handing over
handover-receiver-rep = II. Receiver's representative
handover-rank = Rank
handover-post = Post
handover-full-name = Full name
handover-place = Place of the handover
handover-started = Opening time
handover-ended = Closing time
handover-time-hint = dd/mm/yyyy hh:mm
handover-notes = Documents and belongings handed over, notes
handover-notes-hint = E.g. 3 passports, 2 mobile phones
handover-review = Make the record…
handover-problems = { $count ->
    [one] 1 thing to fix before the record can be made.
   *[other] { $count } things to fix before the record can be made.
}
handover-confirm-text = Record the handover of { $count ->
    [one] 1 citizen
   *[other] { $count } citizens
} to { $receiver }? The record gets its number and date now and cannot be changed afterwards.
handover-confirm = Record it
handover-back-edit = Back to the form
handover-recorded = Handover record no. { $number } made: { $count ->
    [one] 1 citizen
   *[other] { $count } citizens
} to { $receiver }.
handover-recorded-unnumbered = Handover record made: { $count ->
    [one] 1 citizen
   *[other] { $count } citizens
} to { $receiver } (the records office writes the number).
handover-problem-no-receiver = Choose the receiver.
handover-problem-receiver-name = Type the receiver's name (e.g. Gia đình ông Nguyễn Văn A).
handover-problem-nobody = Tick at least one person to hand over.
handover-problem-time-format = Write dd/mm/yyyy hh:mm, e.g. 05/3/2026 08:30.
handover-problem-time-invalid = There is no such date or time.
handover-problem-future = The time cannot be after today.
handover-problem-before-reception = Before the batch was received ({ $when }).
handover-problem-end-without-start = Type the opening time first.
handover-problem-end-before-start = The closing time is before the opening time.
## Handover list import and export (issue 24)
list-import = Import from a handover list…
list-import-more = Import a list…
list-import-title = Import a handover list
list-export = List (Excel)
list-export-title = CITIZENS RECEIVED — batch { $number }, { $date }
list-exported = Exported the list of { $count ->
    [one] 1 person
   *[other] { $count } people
}: { $path }
list-target-new = Into a new batch: { $date }, { $gate }, handed over by: { $party }
list-target-existing = Into batch { $number }
list-file = List file (Excel .xlsx, .xls, .ods or .csv)
list-read = Read the list
list-sheet = Sheet
list-legacy = Vietnamese encoding
list-legacy-auto = Detect (TCVN3, VNI)
list-legacy-off = Keep as is, no conversion
list-legacy-tcvn3 = TCVN3 (ABC, .VnTime)
list-legacy-vni = VNI (VNI-Times)
list-reading = Reading and checking the list…
list-importing = Creating the cases of the whole list…
list-summary = { $rows } rows: { $valid } valid, { $invalid } with problems, { $duplicates } possible duplicates, { $nodiacritics } names without diacritics, { $converted } rows converted.
list-detected = Encoding { $encoding } detected ({ $percent }% confidence).
list-mapping-title = The list's columns
list-mapping-help = Check what each column is read as; choose again where it is wrong. The next list with the same column titles is read the same way.
list-column-skip = — Leave this column out —
list-no-name-column = No column of names yet: choose which column is the full name.
list-conversions-title = Text converted from { $encoding } to Unicode ({ $count })
list-conversions-more = … and { $count } more cells.
list-conversions-ok = I have checked the converted text and it is right
list-conversions-needed = Check the converted text and tick "checked" before importing, or choose "Keep as is, no conversion".
list-rows-title = The list's rows
list-only-flagged = Only rows that need a look
list-col-line = Row
list-skip-invalid = { $count ->
    [one] Leave out the row with problems and import the valid ones
   *[other] Leave out the { $count } rows with problems and import the valid ones
}
list-invalid-block = { $count ->
    [one] 1 row has problems
   *[other] { $count } rows have problems
}: fix them in the file and read it again, or tick "leave out the rows with problems".
list-confirm = { $count ->
    [one] Import 1 person
   *[other] Import { $count } people
}
list-nothing = The list has no row to import.
list-dup-vault = { $reason } as case { $number } ({ $name })
list-dup-list = Same as row { $line } of the list ({ $reason })
list-dup-similar = Same full name and birth year
list-flag-name_without_diacritics = Name without diacritics: add them in the case
list-flag-name_title_cased = Name in capitals rewritten
list-flag-converted = Converted to Unicode
list-flag-id_zero_restored = The ID number had lost its leading 0; restored
list-flag-two_digit_year = Two-digit birth year; century guessed
list-flag-serial_date = Birth date as an Excel number, read as a date
list-imported = Imported { $count ->
    [one] 1 person
   *[other] { $count } people
} into batch { $number }.
list-imported-skipped = Imported { $count ->
    [one] 1 person
   *[other] { $count } people
} into batch { $number }; left out { $skipped ->
    [one] 1 row
   *[other] { $skipped } rows
} with problems.
list-field-row_number = Row number
list-field-full_name = Full name
list-field-sex = Sex
list-field-sex_male = Mark: male
list-field-sex_female = Mark: female
list-field-birth = Date or year of birth
list-field-birth_male = Birth year (male column)
list-field-birth_female = Birth year (female column)
list-field-age = Age
list-field-address = Home address
list-field-province = Province
list-field-id_number = ID card number
list-field-passport = Passport number
list-field-document = Document number (ID or passport)
list-field-nationality = Nationality
list-field-phone = Phone
list-field-notes = Notes
list-error-too_large = The file is too large (over 50 MB) to be a list.
list-error-empty = The file is empty.
list-error-unreadable = This file cannot be read: it is not an Excel (.xlsx, .xls, .ods) or .csv file, or it is damaged. Nothing was written.
list-error-no_sheet = The file has no sheet named "{ $name }".
list-error-no_sheets = The workbook has no sheet.
list-error-too_many_cells = The sheet is too large to be a list.
list-error-io = The file cannot be opened: { $reason }

## Identity from papers: CCCD QR code, passport MRZ (issue 21)
case-old-id-number = Old ID (CMND) number
id-filled-cccd = Filled from the CCCD's QR code: { $name }.
id-filled-mrz = Filled from the passport's MRZ: { $name }. The MRZ has no diacritics: add them to the name.
id-stated-card = the card says
id-stated-officer = typed
id-warning-unknown_province_code = The ID number starts with { $prefix }, which is no province code: check the number.
id-warning-sex_digit = The ID number's 4th digit says { $number }, but { $who } { $stated }.
id-warning-year_digits = The ID number says born in { $number }, but { $who } { $stated }.
id-warning-passport_expired = The passport expired on { $date }.
id-error-unrecognised = Not readable: this is neither a CCCD QR line nor a passport MRZ.
id-error-field_count = A CCCD QR line has 7 parts separated by "|"; this one has { $count }: scan again.
id-error-id_number = The ID number in the QR code must have 12 digits.
id-error-old_id_number = The old ID number in the QR code must have 9 or 12 digits.
id-error-full_name = The QR code has no name.
id-error-birth_date = The birth date in the QR code is not a date (ddmmyyyy).
id-error-issue_date = The issue date in the QR code is not a date (ddmmyyyy).
id-error-future_birth = The birth date in the QR code is after today.
id-error-sex = The sex in the QR code must be Nam or Nữ.
id-error-mrz_lines = A passport MRZ has 2 lines of 44 characters.
id-error-mrz_length = MRZ line { $line } has { $len } characters instead of 44.
id-error-mrz_character = MRZ line { $line } has an odd character at position { $position } (only A–Z, 0–9 and <).
id-error-mrz_not_passport = Not a passport MRZ: the first line must start with P.
id-error-mrz_check = The check digit of the { $field } is wrong: read or scan the passport page again.
id-error-mrz_date = The { $field } in the MRZ is not a real date.
id-error-mrz_sex = The sex in the MRZ must be M, F, X or <.
mrz-field-document_number = passport number
mrz-field-birth_date = birth date
mrz-field-expiry_date = expiry date
mrz-field-personal_number = personal number
mrz-field-composite = whole second line (composite check digit)

## Re-key and the recovery code in the window (issue 19)
rekey-title = Changing the data key
rekey-help = All data is encrypted again under a new key, so the revoked account and the old recovery code open nothing any more. With many cases this takes a while; do not switch the computer off.
recovery-new-title = New recovery code
recovery-new-intro = The data key has just changed, so the old recovery code no longer works. Copy out or print the new code below and keep it somewhere safe; it is shown only this once.
recovery-print = Print the recovery code
recovery-hide = Copied and put away – hide it
rekey-need-password = These accounts did not get the new key and need a new password: { $names }
admin-recovery = Recovery code
admin-recovery-help = Issue a new recovery code when the old one may have leaked or is lost. The data is re-keyed and the old code stops working.
admin-renew-recovery = Issue a new recovery code
admin-recovery-renewed = A new recovery code was issued.
