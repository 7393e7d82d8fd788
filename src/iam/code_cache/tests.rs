//! Unit tests of `code_cache`.

use super::*;

#[test]
fn remembered_codes_find_the_same_pairs_as_computed_ones() {
    let cache = CodeCache::default();
    let secret: Arc<[u8]> = Arc::from(b"12345678901234567890".as_slice());
    let totp = Totp::new(&secret);
    let t = 5_000_000;
    let code = |n: i64| totp.code_at(n).unwrap();
    for c in [
        t,
        t - 2,
        t + 3,
        t - 998,
        t + 1000,
        t - 999,
        t + 1001,
        t + 500,
    ] {
        let pair = (code(c - 1), code(c));
        let expected = totp.find_pair(pair.0, pair.1, t, 998, 1000, None);
        // Twice: computed, then remembered.
        assert_eq!(
            cache.find_pair(&secret, pair, t, 998, 1000, None),
            expected,
            "{c}"
        );
        assert_eq!(
            cache.find_pair(&secret, pair, t, 998, 1000, None),
            expected,
            "{c}"
        );
    }
    let after = Some(t + 10);
    let pair = (code(t + 10), code(t + 11));
    assert_eq!(cache.find_pair(&secret, pair, t, 998, 1000, after), None);
    assert_eq!(
        cache.find_pair(&secret, (code(t + 11), code(t + 12)), t, 998, 1000, after),
        Some(t + 12)
    );
}

#[test]
fn the_cache_keeps_at_most_its_capacity() {
    let cache = CodeCache::default();
    let secrets: Vec<Arc<[u8]>> = (0..CAPACITY + 5)
        .map(|i| Arc::from(u32::try_from(i).unwrap().to_be_bytes().as_slice()))
        .collect();
    for secret in &secrets {
        let _ = cache.find_pair(secret, (1, 2), 10_000, 5, 5, None);
    }
    let entries = cache.entries.lock().unwrap();
    assert_eq!(entries.by_secret.len(), CAPACITY);
}
