//! Address ranges, for `--trusted-proxy`: a load balancer's address may change within
//! its subnet, so a proxy is named by a range in CIDR notation (`10.0.0.0/8`,
//! `fd00::/8`) or by one address (a range of one).
use std::net::IpAddr;
use std::str::FromStr;

/// An IPv4 or IPv6 range: the addresses whose first `prefix` bits are `base`'s.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IpRange {
    base: IpAddr,
    prefix: u8,
}

impl IpRange {
    /// Whether `ip` is in the range; an IPv4 address written as IPv6 (`::ffff:10.0.0.1`,
    /// as a dual-stack socket reports it) counts as the IPv4 address.
    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.base, ip.to_canonical()) {
            (IpAddr::V4(b), IpAddr::V4(a)) => {
                masked(u32::from(a).into(), 32, self.prefix) == u128::from(u32::from(b))
            }
            (IpAddr::V6(b), IpAddr::V6(a)) => {
                masked(u128::from(a), 128, self.prefix) == u128::from(b)
            }
            _ => false,
        }
    }
}

/// `bits` of `v` (an address of `width` bits) with all but the first `prefix` cleared.
fn masked(v: u128, width: u8, prefix: u8) -> u128 {
    if prefix == 0 {
        0
    } else {
        v & (u128::MAX << (width - prefix)) & (u128::MAX >> (128 - width))
    }
}

impl FromStr for IpRange {
    type Err = String;

    /// `ADDRESS` or `ADDRESS/PREFIX`; bits set past the prefix are refused, as a range
    /// written `10.1.2.3/8` is more likely a mistake than meant.
    fn from_str(s: &str) -> Result<IpRange, String> {
        let s = s.trim();
        let (addr, prefix) = match s.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (s, None),
        };
        let base: IpAddr = addr
            .parse()
            .map_err(|_| format!("`{s}` is not an IP address or a range like 10.0.0.0/8"))?;
        let base = base.to_canonical();
        let width = if base.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            None => width,
            Some(p) => p
                .parse::<u8>()
                .ok()
                .filter(|p| *p <= width)
                .ok_or_else(|| format!("`{s}`: the prefix length must be 0 to {width}"))?,
        };
        let bits = match base {
            IpAddr::V4(a) => u128::from(u32::from(a)),
            IpAddr::V6(a) => u128::from(a),
        };
        if masked(bits, width, prefix) != bits {
            return Err(format!(
                "`{s}` has address bits set past /{prefix}: write the range's first address"
            ));
        }
        Ok(IpRange { base, prefix })
    }
}

impl std::fmt::Display for IpRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.base, self.prefix)
    }
}

/// Whether any of `ranges` holds `ip`.
pub fn any_contains(ranges: &[IpRange], ip: IpAddr) -> bool {
    ranges.iter().any(|r| r.contains(ip))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn ranges_hold_their_addresses_and_no_others() {
        let r: IpRange = "10.0.0.0/8".parse().unwrap();
        assert!(r.contains(ip("10.255.1.2")));
        assert!(r.contains(ip("::ffff:10.0.0.1")));
        assert!(!r.contains(ip("11.0.0.1")));
        assert!(!r.contains(ip("::1")));
        let one: IpRange = "192.0.2.7".parse().unwrap();
        assert!(one.contains(ip("192.0.2.7")) && !one.contains(ip("192.0.2.8")));
        let v6: IpRange = "fd00::/8".parse().unwrap();
        assert!(v6.contains(ip("fd12:3456::1")) && !v6.contains(ip("fe80::1")));
        let all: IpRange = "0.0.0.0/0".parse().unwrap();
        assert!(all.contains(ip("203.0.113.9")) && !all.contains(ip("::2")));
        assert_eq!(r.to_string(), "10.0.0.0/8");
    }

    #[test]
    fn a_malformed_range_is_refused_with_what_to_write() {
        for bad in [
            "10.0.0.0/33",
            "10.1.2.3/8",
            "proxy.local",
            "::1/129",
            "10.0.0.0/x",
        ] {
            let e = bad.parse::<IpRange>().unwrap_err();
            assert!(e.contains(bad.split('/').next().unwrap()), "{bad}: {e}");
        }
    }
}
