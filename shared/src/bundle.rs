//! The SPA ships as separate modules, each with its own HTML page, so a visitor's first
//! load carries the home page and login only (issue 16: the first load's weight). This map says
//! which module draws which path; the server serves that module's page for the path, and
//! the SPA moves between modules by loading the other page (within a module, by the
//! router). The one map, used by both, keeps them from disagreeing.

/// One module of the SPA, with its HTML page in `dist/`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Bundle {
    /// The front door, where nearly every visit starts: the home page and login (and the
    /// page for an unknown path). The site's first load.
    Front,
    /// The other screens of someone not logged in: registration, account help, the status
    /// page, the role descriptions, the organisation form, an application's sign-in, and
    /// the pages of emailed links.
    Public,
    /// The screens of a logged-in person: profile, devices, roles, requests, approvals,
    /// applications and receipts.
    Account,
    /// The help desk's console.
    HelpDesk,
}

impl Bundle {
    pub const ALL: [Bundle; 4] = [
        Bundle::Front,
        Bundle::Public,
        Bundle::Account,
        Bundle::HelpDesk,
    ];

    /// The module's page in `dist/` (trunk's output of the page of the same name at the
    /// workspace root).
    pub fn page(self) -> &'static str {
        match self {
            Bundle::Front => "index.html",
            Bundle::Public => "public.html",
            Bundle::Account => "account.html",
            Bundle::HelpDesk => "help-desk.html",
        }
    }

    /// The module that draws `path` (the path of a URL, without query or fragment).
    pub fn for_path(path: &str) -> Bundle {
        let first = path.trim_start_matches('/').split('/').next().unwrap_or("");
        match first {
            "help-desk" => Bundle::HelpDesk,
            "profile" | "roles" | "approvals" | "apps" | "submissions" => Bundle::Account,
            "register" | "account-help" | "reset-password" | "unlock" | "setup-account"
            | "organization-form" | "role-descriptions" | "status" | "alerts" | "sign-in"
            | "sign-out" => Bundle::Public,
            _ => Bundle::Front,
        }
    }
}

/// Every screen of the SPA, and the one place that says which module draws it (an
/// exhaustive `match`: a new screen does not compile until it has a module). The SPA's
/// `Route` maps each of its routes to one of these; the test below checks that the
/// path rule the server uses ([`Bundle::for_path`]) agrees for every screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    Home,
    Login,
    NotFound,
    Register,
    AccountHelp,
    ResetPassword,
    Unlock,
    SetupAccount,
    OrganizationForm,
    RoleDescriptions,
    Status,
    Unsubscribe,
    SignIn,
    SignOut,
    Profile,
    Devices,
    ChangePassword,
    AccountDetails,
    MyRoles,
    RoleRequest,
    Approvals,
    Application,
    Submission,
    HelpDesk,
}

impl Screen {
    pub const ALL: [Screen; 24] = [
        Screen::Home,
        Screen::Login,
        Screen::NotFound,
        Screen::Register,
        Screen::AccountHelp,
        Screen::ResetPassword,
        Screen::Unlock,
        Screen::SetupAccount,
        Screen::OrganizationForm,
        Screen::RoleDescriptions,
        Screen::Status,
        Screen::Unsubscribe,
        Screen::SignIn,
        Screen::SignOut,
        Screen::Profile,
        Screen::Devices,
        Screen::ChangePassword,
        Screen::AccountDetails,
        Screen::MyRoles,
        Screen::RoleRequest,
        Screen::Approvals,
        Screen::Application,
        Screen::Submission,
        Screen::HelpDesk,
    ];

    /// The module that draws the screen.
    pub fn bundle(self) -> Bundle {
        use Screen::*;
        match self {
            Home | Login | NotFound => Bundle::Front,
            Register | AccountHelp | ResetPassword | Unlock | SetupAccount | OrganizationForm
            | RoleDescriptions | Status | Unsubscribe | SignIn | SignOut => Bundle::Public,
            Profile | Devices | ChangePassword | AccountDetails | MyRoles | RoleRequest
            | Approvals | Application | Submission => Bundle::Account,
            HelpDesk => Bundle::HelpDesk,
        }
    }

    /// A path that shows the screen (the SPA's route; parameters filled in).
    pub fn example_path(self) -> &'static str {
        use Screen::*;
        match self {
            Home => "/",
            Login => "/login",
            NotFound => "/404",
            Register => "/register",
            AccountHelp => "/account-help",
            ResetPassword => "/reset-password",
            Unlock => "/unlock",
            SetupAccount => "/setup-account",
            OrganizationForm => "/organization-form",
            RoleDescriptions => "/role-descriptions",
            Status => "/status",
            Unsubscribe => "/alerts/unsubscribe",
            SignIn => "/sign-in",
            SignOut => "/sign-out",
            Profile => "/profile",
            Devices => "/profile/devices",
            ChangePassword => "/profile/password",
            AccountDetails => "/profile/details",
            MyRoles => "/roles",
            RoleRequest => "/roles/new",
            Approvals => "/approvals",
            Application => "/apps/A-SPOT/O-1",
            Submission => "/submissions/R-1",
            HelpDesk => "/help-desk",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Bundle;

    #[test]
    fn each_path_has_its_module() {
        for (path, b) in [
            ("/", Bundle::Front),
            ("/login", Bundle::Front),
            ("/unknown/deep", Bundle::Front),
            ("/register", Bundle::Public),
            ("/account-help", Bundle::Public),
            ("/reset-password", Bundle::Public),
            ("/unlock", Bundle::Public),
            ("/setup-account", Bundle::Public),
            ("/role-descriptions", Bundle::Public),
            ("/organization-form", Bundle::Public),
            ("/status", Bundle::Public),
            ("/alerts/unsubscribe", Bundle::Public),
            ("/sign-in", Bundle::Public),
            ("/sign-out", Bundle::Public),
            ("/profile", Bundle::Account),
            ("/profile/devices", Bundle::Account),
            ("/roles", Bundle::Account),
            ("/roles/new", Bundle::Account),
            ("/approvals", Bundle::Account),
            ("/apps/A-DOCS/O-1", Bundle::Account),
            ("/submissions/R-1", Bundle::Account),
            ("/help-desk", Bundle::HelpDesk),
            ("/profiles", Bundle::Front),
        ] {
            assert_eq!(Bundle::for_path(path), b, "{path}");
        }
        let pages: std::collections::HashSet<_> = Bundle::ALL.iter().map(|b| b.page()).collect();
        assert_eq!(pages.len(), Bundle::ALL.len());
    }

    /// The screen-to-module map and the path rule agree for every screen, and every
    /// module draws at least one screen.
    #[test]
    fn every_screen_is_served_the_module_that_draws_it() {
        use super::Screen;
        let paths: std::collections::HashSet<_> =
            Screen::ALL.iter().map(|s| s.example_path()).collect();
        assert_eq!(paths.len(), Screen::ALL.len(), "two screens share a path");
        for s in Screen::ALL {
            assert_eq!(Bundle::for_path(s.example_path()), s.bundle(), "{s:?}");
        }
        for b in Bundle::ALL {
            assert!(
                Screen::ALL.iter().any(|s| s.bundle() == b),
                "{b:?} draws nothing"
            );
        }
    }
}
