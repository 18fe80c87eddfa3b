//! "Send a link to this page": the email holds the page's title, its Umbral link and a
//! fixed sentence in the sender's language, nothing the sender typed. The answer is the
//! same whatever the addresses (no address is looked up); the client address is throttled
//! by the web layer (`Action::Share`), a session by its own bucket here, and every
//! address by the per-destination quota of all messages (an address over it is passed
//! over in silence).
use crate::domain::access::DomainError;
use crate::domain::auth::AuthError;
use crate::domain::notify::client_key;
use crate::domain::throttle::Action;
use crate::domain::{catalog, Umbral};
use shared::api::share::{page_path, PageLinkInput};
use shared::i18n::Locale;

impl Umbral {
    /// `POST /page-links`: emails a link to `input.page` to each address, in `l`.
    /// Returns how many were queued (not told to the caller).
    pub async fn send_page_link(
        &self,
        input: PageLinkInput,
        l: Locale,
        session: Option<&str>,
    ) -> Result<usize, DomainError> {
        let to = input
            .validate(session.is_some())
            .map_err(DomainError::Invalid)?;
        // Every recipient counts against the sender's buckets (security review 3, G12):
        // the web layer took one token for the request, each further address takes one
        // more from the client's bucket, and all of them from the session's.
        let over =
            |r: crate::domain::throttle::RetryAfter| DomainError::Auth(AuthError::TooMany(r.0));
        for _ in 1..to.len() {
            self.throttle
                .client(Action::Share, &client_key())
                .await
                .map_err(over)?;
        }
        if let Some(s) = session {
            for _ in 0..to.len() {
                self.throttle
                    .client(Action::Share, &format!("session:{s}"))
                    .await
                    .map_err(over)?;
            }
        }
        let path = page_path(&input.page).unwrap_or("/");
        let args = [
            (
                "title",
                catalog().text(l, &format!("share-page-{}", input.page)),
            ),
            ("link", format!("{}{path}", self.policy.public_url)),
        ];
        let mut sent = 0;
        for a in &to {
            if self
                .throttle
                .send_to_destination(a, crate::domain::throttle::By::Other)
                .await
                .is_err()
            {
                tracing::info!(client = %client_key(), "a page link over its address's quota: not sent");
                continue;
            }
            if self.mail(l, a, "msg-share", &args).await.is_ok() {
                sent += 1;
            }
        }
        Ok(sent)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::testing::umbral;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn the_email_holds_the_title_and_link_only_and_an_address_is_not_flooded() {
        let dir = tempfile::tempdir().unwrap();
        let u = umbral(dir.path());
        let input = |a: &str| PageLinkInput {
            page: "status".into(),
            addresses: a.into(),
        };
        let n = u
            .send_page_link(input("ana@example.com; bo@example.org"), Locale::Es, None)
            .await
            .unwrap();
        assert_eq!(n, 2);
        let mails: Vec<String> = std::fs::read_dir(dir.path().join("outbox"))
            .unwrap()
            .map(|f| std::fs::read_to_string(f.unwrap().path()).unwrap())
            .collect();
        assert_eq!(mails.len(), 2);
        for m in &mails {
            assert!(
                m.contains("Estado del sistema y mantenimiento programado"),
                "{m}"
            );
            assert!(m.contains("http://127.0.0.1:8080/status"), "{m}");
        }
        // The same address, again and again: the destination quota (5) stops it.
        let mut total = 0;
        for _ in 0..8 {
            total += u
                .send_page_link(input("ana@example.com"), Locale::En, None)
                .await
                .unwrap();
        }
        assert_eq!(
            total, 4,
            "5 to one address in a burst, the first already sent"
        );
        // A session has its own bucket (10 at once).
        let mut refused = 0;
        for i in 0..12 {
            if u.send_page_link(input(&format!("p{i}@example.net")), Locale::En, Some("s1"))
                .await
                .is_err()
            {
                refused += 1;
            }
        }
        assert_eq!(refused, 2);
        assert!(matches!(
            u.send_page_link(input("x@example.com, y@example.com"), Locale::En, None)
                .await,
            Err(DomainError::Invalid(_))
        ));
    }

    /// Security review 3, G12: no anonymous relay of ten; each recipient counts against
    /// the sender; sub-addresses of one mailbox share its quota.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn each_recipient_counts_and_a_mailbox_is_one_destination() {
        use crate::domain::notify::with_client;
        let dir = tempfile::tempdir().unwrap();
        let u = umbral(dir.path());
        let list = |n: usize, f: &dyn Fn(usize) -> String| PageLinkInput {
            page: "home".into(),
            addresses: (0..n).map(f).collect::<Vec<_>>().join(";"),
        };
        let anon = list(4, &|i| format!("p{i}@example.org"));
        assert!(matches!(
            u.send_page_link(anon, Locale::En, None).await,
            Err(DomainError::Invalid(_))
        ));
        // Three at a time from one address: two more tokens each beyond the request's
        // own (taken by the web layer), so the bucket of ten holds five requests.
        let from = Some(std::net::IpAddr::from([203, 0, 113, 9]));
        let mut ok = 0;
        for r in 0..8 {
            let three = list(3, &|i| format!("q{r}x{i}@example.org"));
            if with_client(from, u.send_page_link(three, Locale::En, None))
                .await
                .is_ok()
            {
                ok += 1;
            }
        }
        assert_eq!(ok, 5);
        // Sub-addresses of one mailbox: five messages in all, whatever the tags.
        let mut sent = 0;
        for r in 0..4 {
            let tags = list(3, &|i| format!("relay+{r}x{i}@example.net"));
            sent += with_client(
                Some(std::net::IpAddr::from([203, 0, 113, 10 + r as u8])),
                u.send_page_link(tags, Locale::En, None),
            )
            .await
            .unwrap();
        }
        assert_eq!(sent, 5);
    }
}
