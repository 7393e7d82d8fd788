//! Unit tests of `store`.

use super::*;

#[test]
fn accounts_share_nothing_and_reset_forgets_one_or_all() {
    let store: Store<Vec<u32>> = Store::new();
    store.write("111111111111", |s| s.push(1));
    store.write("222222222222", |s| s.push(2));
    assert_eq!(store.read("111111111111", Clone::clone), vec![1]);
    assert_eq!(store.read("333333333333", Clone::clone), Vec::<u32>::new());
    assert_eq!(store.account_ids(), ["111111111111", "222222222222"]);
    store.reset(Some("111111111111"));
    assert_eq!(store.account_ids(), ["222222222222"]);
    store.reset(None);
    assert!(store.account_ids().is_empty());
}

#[test]
fn a_panic_under_the_lock_does_not_poison_the_account() {
    let store: Arc<Store<Vec<u32>>> = Arc::new(Store::new());
    let clone = Arc::clone(&store);
    let _ = std::thread::spawn(move || clone.write("1", |_| panic!("boom"))).join();
    store.write("1", |s| s.push(7));
    assert_eq!(store.read("1", Clone::clone), vec![7]);
}
