//! Why an uploaded file could not be read at all. Problems inside a readable
//! document are not errors but [`crate::Warning`]s.

/// An input the parser refuses. Messages are in Vietnamese, for the person who
/// uploaded the file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    #[error("Tệp không phải là DOCX hợp lệ (không phải tệp zip)")]
    NotZip,
    #[error("Tệp zip không phải là tài liệu DOCX (không có word/document.xml)")]
    NotDocx,
    #[error("Tệp DOCX bị hỏng, không đọc được nội dung ({detail})")]
    CorruptZip { detail: String },
    #[error(
        "Tệp DOCX bị từ chối: mục “{entry}” giải nén ra {uncompressed_bytes} byte \
         từ {compressed_bytes} byte, vượt giới hạn an toàn (nghi là zip bomb)"
    )]
    ZipBomb { entry: String, uncompressed_bytes: u64, compressed_bytes: u64 },
    #[error("Tệp quá lớn ({size} byte, giới hạn {limit} byte)")]
    TooLarge { size: u64, limit: u64 },
    #[error("Nội dung DOCX không phải XML hợp lệ (vị trí byte {position}): {detail}")]
    MalformedXml { position: u64, detail: String },
    #[error(
        "Tệp không phải văn bản UTF-8 hợp lệ (lỗi ở byte thứ {byte_offset}, tính từ 0); \
         hãy lưu lại tệp với mã hóa UTF-8"
    )]
    InvalidUtf8 { byte_offset: usize },
    #[error(
        "Không nhận ra cấu trúc văn bản: không thấy Phần, Chương, Điều, khoản, \
         mục I., 1. hay Phụ lục nào"
    )]
    NoStructure,
    /// An Akoma Ntoso file that could not be read (the message says why).
    #[error("{0}")]
    AkomaNtoso(String),
}
