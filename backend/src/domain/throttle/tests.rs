//! The throttle's rules, on this instance's own counts (the shared ones are tested on
//! PostgreSQL in `store::contract` and end to end with two instances).
use super::*;

#[tokio::test]
async fn one_mailbox_is_one_destination() {
    for (a, b) in [
        ("Victim+1@Example.org", "victim@example.org"),
        ("victim+a+b@example.org", "victim@example.org"),
        ("v.i.c.tim+x@googlemail.com", "victim@gmail.com"),
        ("V.Ictim@gmail.com", "victim@gmail.com"),
        ("(787) 555-0142", "7875550142"),
    ] {
        assert_eq!(destination_key(a), b, "{a}");
    }
    // Dots count elsewhere: another mailbox.
    assert_eq!(
        destination_key("v.ictim@example.org"),
        "v.ictim@example.org"
    );
    let t = Throttle::default();
    for i in 0..5 {
        t.send_to_destination(&format!("relay+{i}@example.org"), By::Other)
            .await
            .unwrap();
    }
    assert!(t
        .send_to_destination("relay+9@example.org", By::Other)
        .await
        .is_err());
    assert!(t
        .send_to_destination("RELAY@example.org", By::Other)
        .await
        .is_err());
    // The owner's own budget is untouched (review 3, G3).
    for _ in 0..5 {
        t.send_to_destination("relay@example.org", By::Owner)
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn a_client_bucket_empties_and_names_a_wait() {
    let t = Throttle::default();
    for _ in 0..10 {
        t.client(Action::Login, "192.0.2.1").await.unwrap();
    }
    let RetryAfter(s) = t.client(Action::Login, "192.0.2.1").await.unwrap_err();
    assert!((1..=31).contains(&s), "{s}");
    // Another address and another action have their own buckets.
    t.client(Action::Login, "192.0.2.2").await.unwrap();
    t.client(Action::Recovery, "192.0.2.1").await.unwrap();
}

#[tokio::test]
async fn scale_multiplies_the_burst() {
    let t = Throttle::new(Limits {
        scale: 3,
        ..Limits::default()
    });
    for _ in 0..30 {
        t.client(Action::Login, "a").await.unwrap();
    }
    assert!(t.client(Action::Login, "a").await.is_err());
}

#[tokio::test]
async fn the_lock_counts_per_client_and_expires() {
    let t = Throttle::default();
    for i in 1..=5 {
        assert_eq!(t.reserve("erin", "attacker", 100).await, Ok(i == 5));
    }
    assert_eq!(
        t.reserve("erin", "attacker", 101).await,
        Err(RetryAfter(1799))
    );
    assert!(t.is_locked_somewhere("erin", 101).await);
    // A page of the help desk's list asks for all its accounts at once.
    let page = ["ann".to_string(), "erin".to_string(), "zed".to_string()];
    assert_eq!(t.locked_among(&page, 101).await, ["erin"]);
    assert!(t.locked_among(&page, 100 + 1800).await.is_empty());
    // The real user elsewhere is not locked out.
    assert_eq!(t.reserve("erin", "home", 101).await, Ok(false));
    t.refund("erin", "home").await;
    // After the lock time the attacker has a fresh set of tries, not more.
    assert_eq!(t.reserve("erin", "attacker", 100 + 1800).await, Ok(false));
    t.forgive_all("erin").await;
    assert!(!t.is_locked_somewhere("erin", 101).await);
}

#[tokio::test]
async fn refunds_keep_right_answers_from_counting() {
    let t = Throttle::default();
    for _ in 0..20 {
        t.reserve("u", "c", 1).await.unwrap();
        t.refund("u", "c").await;
    }
    assert_eq!(t.reserve("u", "c", 1).await, Ok(false));
}

/// A flood of attempts at random user IDs that the full hashing queue refused (each
/// refunded) must not grow the map: it once kept one entry per ID for 30 minutes.
#[tokio::test]
async fn refunded_attempts_leave_nothing_in_memory() {
    let t = Throttle::default();
    for i in 0..10_000 {
        let u = format!("nobody{i}");
        t.reserve(&u, "flood", 1).await.unwrap();
        t.refund(&u, "flood").await;
    }
    // A real failure is kept; the refunded ones are not.
    t.reserve("erin", "flood", 1).await.unwrap();
    assert_eq!(t.tries().len(), 1);
    assert_eq!(t.prune(2).await, 1);
}

#[test]
fn ipv6_clients_count_per_64() {
    let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
    let b: IpAddr = "2001:db8:1:2:bbbb::9".parse().unwrap();
    assert_eq!(client_key(Some(a)), client_key(Some(b)));
    let m: IpAddr = "::ffff:192.0.2.7".parse().unwrap();
    assert_eq!(client_key(Some(m)), "192.0.2.7");
}

#[tokio::test]
async fn pruning_forgets_expired_locks() {
    let t = Throttle::default();
    t.reserve("u", "c", 1).await.unwrap();
    assert_eq!(t.prune(2).await, 1);
    assert_eq!(t.prune(1 + 1800).await, 0);
}
