//! A minimal HTTP/1.1 keep-alive client for load generation.
//!
//! The load generator shares the machine's cores with the server it measures, so it
//! must cost as little as possible: one TCP connection per simulated client, requests
//! written in one buffer, responses read by Content-Length. It speaks only what our
//! own server answers (no chunked bodies, no compression).

use std::io;
use std::net::SocketAddr;

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

pub struct Connection {
    stream: BufReader<TcpStream>,
    host: String,
    request: Vec<u8>,
}

fn bad(message: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, message.to_owned())
}

impl Connection {
    pub async fn open(addr: SocketAddr) -> io::Result<Self> {
        let stream = TcpStream::connect(addr).await?;
        stream.set_nodelay(true)?;
        Ok(Self { stream: BufReader::new(stream), host: addr.to_string(), request: Vec::with_capacity(4096) })
    }

    /// Sends one request with a JSON body (or none) and reads the whole answer:
    /// (status, body).
    pub async fn send(
        &mut self,
        method: &str,
        path: &str,
        json: Option<&[u8]>,
    ) -> io::Result<(u16, Vec<u8>)> {
        let answer = self.request(method, path, json.map(|b| ("application/json", b)), None).await?;
        Ok((answer.status, answer.body))
    }

    /// Sends one request: an optional (content type, body) and an optional Cookie
    /// header; reads the whole answer.
    pub async fn request(
        &mut self,
        method: &str,
        path: &str,
        body: Option<(&str, &[u8])>,
        cookie: Option<&str>,
    ) -> io::Result<Answer> {
        self.request.clear();
        self.request
            .extend_from_slice(format!("{method} {path} HTTP/1.1\r\nHost: {}\r\n", self.host).as_bytes());
        if let Some(cookie) = cookie {
            self.request.extend_from_slice(format!("Cookie: {cookie}\r\n").as_bytes());
        }
        if let Some((content_type, body)) = body {
            self.request.extend_from_slice(
                format!("Content-Type: {content_type}\r\nContent-Length: {}\r\n\r\n", body.len()).as_bytes(),
            );
            self.request.extend_from_slice(body);
        } else {
            self.request.extend_from_slice(b"\r\n");
        }
        self.stream.get_mut().write_all(&self.request).await?;

        let mut line = String::new();
        self.stream.read_line(&mut line).await?;
        let status: u16 = line
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| bad("no HTTP status line"))?;
        let mut length = 0usize;
        let mut set_cookies = Vec::new();
        loop {
            line.clear();
            if self.stream.read_line(&mut line).await? == 0 {
                return Err(bad("connection closed in the headers"));
            }
            let header = line.trim_end();
            if header.is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':') {
                if name.eq_ignore_ascii_case("content-length") {
                    length = value.trim().parse().map_err(|_| bad("bad Content-Length"))?;
                } else if name.eq_ignore_ascii_case("set-cookie")
                    && let Some(pair) = value.trim().split(';').next()
                {
                    set_cookies.push(pair.to_owned());
                }
            }
        }
        let mut body = vec![0; length];
        self.stream.read_exact(&mut body).await?;
        Ok(Answer { status, set_cookies, body })
    }
}

/// A whole HTTP answer.
pub struct Answer {
    pub status: u16,
    /// `name=value` of each Set-Cookie header.
    pub set_cookies: Vec<String>,
    pub body: Vec<u8>,
}
