//! A hand-built DOCX zip bomb for tests. Shared by this crate's tests and the app's
//! upload tests (included there with `#[path]`), so that both refuse the same file.

/// A zip whose only entry, `word/document.xml`, is a valid deflate stream of
/// `1 + 258 * repeats` zero bytes (a literal, then back-references), built bit by bit
/// so that the test does not spend seconds compressing. `declared` is the size
/// written in the headers; the CRC is left at zero (the parser must refuse the
/// file before it could check it).
pub fn zero_bomb(repeats: usize, declared: u32) -> Vec<u8> {
    let mut stream = Vec::new();
    let mut acc: u64 = 0;
    let mut used = 0u32;
    let mut put = |stream: &mut Vec<u8>, bits: u64, count: u32| {
        acc |= bits << used;
        used += count;
        while used >= 8 {
            stream.push((acc & 0xff) as u8);
            acc >>= 8;
            used -= 8;
        }
    };
    // Huffman codes are sent most significant bit first.
    let code = |value: u64, len: u32| (0..len).fold(0u64, |r, i| r | (((value >> i) & 1) << (len - 1 - i)));
    put(&mut stream, 0b011, 3); // final block, fixed Huffman codes
    put(&mut stream, code(0x30, 8), 8); // literal 0
    let copy = code(0xC5, 8) | (code(0, 5) << 8); // length 258, distance 1
    for _ in 0..repeats {
        put(&mut stream, copy, 13);
    }
    put(&mut stream, 0, 7); // end of block
    put(&mut stream, 0, 7); // flush
    let compressed = u32::try_from(stream.len()).expect("the test stream is small");

    let name = b"word/document.xml";
    let name_len = u16::try_from(name.len()).expect("short name");
    let mut zip = Vec::new();
    let header = |zip: &mut Vec<u8>| {
        zip.extend_from_slice(&8u16.to_le_bytes()); // deflate
        zip.extend_from_slice(&0u16.to_le_bytes()); // time
        zip.extend_from_slice(&0x21u16.to_le_bytes()); // date
        zip.extend_from_slice(&0u32.to_le_bytes()); // crc
        zip.extend_from_slice(&compressed.to_le_bytes());
        zip.extend_from_slice(&declared.to_le_bytes());
        zip.extend_from_slice(&name_len.to_le_bytes());
        zip.extend_from_slice(&0u16.to_le_bytes()); // extra length
    };
    zip.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
    zip.extend_from_slice(&20u16.to_le_bytes()); // version needed
    zip.extend_from_slice(&0u16.to_le_bytes()); // flags
    header(&mut zip);
    zip.extend_from_slice(name);
    zip.extend_from_slice(&stream);
    let directory_offset = u32::try_from(zip.len()).expect("small zip");
    zip.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
    zip.extend_from_slice(&20u16.to_le_bytes()); // version made by
    zip.extend_from_slice(&20u16.to_le_bytes()); // version needed
    zip.extend_from_slice(&0u16.to_le_bytes()); // flags
    header(&mut zip);
    zip.extend_from_slice(&0u16.to_le_bytes()); // comment length
    zip.extend_from_slice(&0u16.to_le_bytes()); // disk
    zip.extend_from_slice(&0u16.to_le_bytes()); // internal attributes
    zip.extend_from_slice(&0u32.to_le_bytes()); // external attributes
    zip.extend_from_slice(&0u32.to_le_bytes()); // local header offset
    zip.extend_from_slice(name);
    let directory_size = u32::try_from(zip.len()).expect("small zip") - directory_offset;
    zip.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    zip.extend_from_slice(&0u16.to_le_bytes());
    zip.extend_from_slice(&0u16.to_le_bytes());
    zip.extend_from_slice(&1u16.to_le_bytes());
    zip.extend_from_slice(&1u16.to_le_bytes());
    zip.extend_from_slice(&directory_size.to_le_bytes());
    zip.extend_from_slice(&directory_offset.to_le_bytes());
    zip.extend_from_slice(&0u16.to_le_bytes());
    zip
}
