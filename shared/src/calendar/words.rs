//! Dates and times as people read them, in English and Spanish (the Spanish review's
//! I12: spelled-out months, the 12-hour clock Puerto Rico uses, the zone always said).
use super::{eastern, weekday};
use crate::date::Date;
use crate::i18n::Locale;

const DAY_NAMES: [[&str; 7]; 2] = [
    [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ],
    [
        "lunes",
        "martes",
        "miércoles",
        "jueves",
        "viernes",
        "sábado",
        "domingo",
    ],
];
const DAYS_SHORT: [[&str; 7]; 2] = [
    ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
    ["lun.", "mar.", "mié.", "jue.", "vie.", "sáb.", "dom."],
];
const MONTHS: [[&str; 12]; 2] = [
    [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ],
];
const MONTHS_SHORT: [[&str; 12]; 2] = [
    [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ],
    [
        "ene.", "feb.", "mar.", "abr.", "may.", "jun.", "jul.", "ago.", "sept.", "oct.", "nov.",
        "dic.",
    ],
];

fn lang(l: Locale) -> usize {
    match l {
        Locale::En => 0,
        Locale::Es => 1,
    }
}

/// A day as people write it, with its weekday: "Monday, December 7, 2026" or
/// "lunes, 7 de diciembre de 2026" (dates that matter, such as a receipt date or a due
/// date, say their weekday: usability walk 3, #6; Spanish review, I12).
pub fn long_date(l: Locale, d: Date) -> String {
    let i = lang(l);
    let day = DAY_NAMES[i][usize::from(weekday(d) - 1)];
    let month = MONTHS[i][usize::from(d.month - 1)];
    match l {
        Locale::En => format!("{day}, {month} {}, {}", d.day, d.year),
        Locale::Es => format!("{day}, {} de {month} de {}", d.day, d.year),
    }
}

/// An instant in Eastern time with its zone, the one way every time is shown on screen
/// and in emails: "Mon, Dec 7, 2026, 1:54 PM EST" or "lun. 7 dic. 2026, 1:54 p. m. EST"
/// (12-hour clock, as Puerto Rico and the mainland write it).
pub fn when(l: Locale, secs: u64) -> String {
    let e = eastern(secs);
    let i = lang(l);
    let day = DAYS_SHORT[i][usize::from(weekday(e.date) - 1)];
    let month = MONTHS_SHORT[i][usize::from(e.date.month - 1)];
    let zone = if e.daylight { "EDT" } else { "EST" };
    let h12 = match e.hour % 12 {
        0 => 12,
        h => h,
    };
    let pm = e.hour >= 12;
    match l {
        Locale::En => format!(
            "{day}, {month} {}, {}, {h12}:{:02} {} {zone}",
            e.date.day,
            e.date.year,
            e.minute,
            if pm { "PM" } else { "AM" }
        ),
        Locale::Es => format!(
            "{day} {} {month} {}, {h12}:{:02} {} {zone}",
            e.date.day,
            e.date.year,
            e.minute,
            if pm { "p. m." } else { "a. m." }
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::instant;

    #[test]
    fn times_read_alike_everywhere_in_both_languages() {
        let d = |s: &str| Date::parse(s).unwrap();
        // 13:54 EST on Sunday 6 December 2026; 00:05 EDT on Thursday 16 July 2026.
        let winter = instant(d("2026-12-06"), 13, 54);
        let summer = instant(d("2026-07-16"), 0, 5);
        assert_eq!(when(Locale::En, winter), "Sun, Dec 6, 2026, 1:54 PM EST");
        assert_eq!(when(Locale::Es, winter), "dom. 6 dic. 2026, 1:54 p. m. EST");
        assert_eq!(when(Locale::En, summer), "Thu, Jul 16, 2026, 12:05 AM EDT");
        assert_eq!(
            when(Locale::Es, summer),
            "jue. 16 jul. 2026, 12:05 a. m. EDT"
        );
        let noon = instant(d("2026-12-07"), 12, 0);
        assert_eq!(when(Locale::En, noon), "Mon, Dec 7, 2026, 12:00 PM EST");
        assert_eq!(
            long_date(Locale::En, d("2026-12-07")),
            "Monday, December 7, 2026"
        );
        assert_eq!(
            long_date(Locale::Es, d("2026-12-07")),
            "lunes, 7 de diciembre de 2026"
        );
        assert_eq!(
            long_date(Locale::Es, d("2027-01-03")),
            "domingo, 3 de enero de 2027"
        );
    }
}
