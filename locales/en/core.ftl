# English interface (for international reviewers). Every key is also in vi.ftl.

site-name = Duthao
site-tagline = Consultation on draft documents
skip-link = Skip to main content
nav-main = Main navigation
nav-home = Home
nav-lookup = Find a comment
nav-conferences = Conferences
nav-editor = Editing
nav-admin = Administration
nav-account-title = Account: change password, sign out everywhere
nav-sign-in = Sign in
nav-sign-out = Sign out
font-size = Text size
font-smaller = A− Smaller text
font-normal = A Default text size
font-larger = A+ Larger text
language = Language
language-switch = Tiếng Việt
language-switch-label = Chuyển sang tiếng Việt
footer = Duthao · Consultation system for draft documents · Vietnam time (UTC+7)

home-title = Home
home-heading = Drafts open for comment
home-none-open = No consultation is open at the moment.
home-drafting-org = Drafting body:
home-round = Consultation:
home-deadline = Comments until:
home-days-left = { $days ->
    [one] { $days } day left
   *[other] { $days } days left
}
home-closes-today = closes today
home-keywords = Keywords:
home-other-dossiers = Other dossiers
home-lookup-heading = Find a comment by its receipt code
home-lookup-label = Receipt code
home-lookup-button = Find

lookup-title = Find a comment
lookup-heading = Find a comment by its receipt code
lookup-malformed = This is not a receipt code (for example: DT-7K3M-9QXA).
lookup-not-found = No comment has this receipt code.

login-title = Sign in
login-name = User name
login-password = Password
login-button = Sign in
login-note = Members of the public may comment without signing in when the consultation allows it.

error-title = Error { $code }
error-heading = The request could not be carried out
error-home = Back to the home page
error-not-found = The page or data you asked for was not found.
error-sign-in-required = You need to sign in to do this.
error-forbidden = Your account is not allowed to do this.
error-internal = Something went wrong on our side; please try again later. Reference: { $code }.

## Query strings
web-query-duplicate = the parameter “{ $name }” is given more than once
web-query-unknown = there is no parameter “{ $name }”
web-query-not-utf8 = the parameter “{ $name }” is not UTF-8 text
web-query-missing = the field “{ $name }” is missing
web-query-bad-value = the value “{ $value }” is not one of the choices
web-query-not-a-number = a field that takes a whole number received something else
web-query-not-boolean = a field that takes true or false received something else
web-query-refused = The parameters in the address could not be read: { $what }.
web-form-malformed = the data is not in the expected form
web-query-unreadable = the address is not well formed
