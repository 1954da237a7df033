import HummingbirdCore
import Logging
import NIOCore

/// The listener for Tor's onion service. With `HiddenServiceExportCircuitID haproxy`, tor
/// opens every connection with a PROXY protocol v1 line whose source address carries the
/// circuit id: `PROXY TCP6 fc00:dead:beef:4dad::AAAA:BBBB ::1 80 80`. The relay budgets
/// such requests per circuit (one Tor Browser tab group, roughly), since every one of them
/// comes from 127.0.0.1. The line is read only on this listener, never on the plain one,
/// so nobody can claim a source by sending the line themselves.
struct ProxiedHTTP1Channel: ServerChildChannel {
    let inner: HTTP1Channel

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<HTTP1Channel.Value> {
        do {
            try channel.pipeline.syncOperations.addHandler(ProxyHeaderHandler(), position: .first)
        } catch {
            return channel.eventLoop.makeFailedFuture(error)
        }
        return inner.setup(channel: channel, logger: logger)
    }

    func handle(value: HTTP1Channel.Value, logger: Logger) async {
        await inner.handle(value: value, logger: logger)
    }
}

/// Which listener a connection arrived on, by channel, while it is open: the Tor listener
/// with the circuit its PROXY line declared, or the TLS proxy's listener. The request
/// context reads it (RelayContext); nothing else is kept, and the entry goes on close.
enum Listener: Sendable, Equatable {
    /// The plain listener: the peer's own address is the source; no header is believed.
    case direct
    /// Tor's listener: the circuit from the PROXY line.
    case tor(RequestSource)
    /// The TLS proxy's listener: `X-Real-IP` names the source, if the peer is a trusted proxy.
    case proxy

    private static let roles = Locked([ObjectIdentifier: Listener]())

    static func set(_ listener: Listener, for channel: any Channel) {
        let id = ObjectIdentifier(channel)
        roles.withLock { $0[id] = listener }
        channel.closeFuture.whenComplete { _ in roles.withLock { _ = $0.removeValue(forKey: id) } }
    }

    static func of(_ channel: any Channel) -> Listener {
        let id = ObjectIdentifier(channel)
        return roles.withLock { $0[id] } ?? .direct
    }
}

/// The listener for the TLS proxy (nginx): the only one where `X-Real-IP` is read.
struct ReverseProxyHTTP1Channel: ServerChildChannel {
    let inner: HTTP1Channel

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<HTTP1Channel.Value> {
        Listener.set(.proxy, for: channel)
        return inner.setup(channel: channel, logger: logger)
    }

    func handle(value: HTTP1Channel.Value, logger: Logger) async {
        await inner.handle(value: value, logger: logger)
    }
}

/// Reads the PROXY v1 line in front of a connection, records its source and then gets out
/// of the way. A connection without a well-formed line is closed.
final class ProxyHeaderHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    /// The longest v1 line the protocol allows, CR LF included.
    static let maximumLength = 107
    private var buffered: ByteBuffer?

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var incoming = unwrapInboundIn(data)
        var buffer: ByteBuffer
        if var earlier = buffered {
            earlier.writeBuffer(&incoming)
            buffer = earlier
        } else {
            buffer = incoming
        }
        let view = buffer.readableBytesView
        guard let end = view.firstRange(of: [13, 10]) else {
            if view.count >= Self.maximumLength { context.close(promise: nil) } else { buffered = buffer }
            return
        }
        let line = String(decoding: view[view.startIndex..<end.lowerBound], as: UTF8.self)
        guard let source = Self.parse(line) else {
            context.close(promise: nil)
            return
        }
        Listener.set(.tor(source), for: context.channel)
        buffer.moveReaderIndex(to: end.upperBound - view.startIndex + buffer.readerIndex)
        buffered = nil
        if buffer.readableBytes > 0 { context.fireChannelRead(wrapInboundOut(buffer)) }
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    }

    /// The circuit a v1 line from tor declares; nil for a malformed line or any other
    /// source. Tor's circuit ids live in fc00:dead:beef:4dad::/64, in the last 32 bits;
    /// a line naming anything else did not come from tor's `HiddenServiceExportCircuitID`.
    static func parse(_ line: String) -> RequestSource? {
        let parts = line.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "PROXY", parts[1] == "TCP6", line.utf8.count <= maximumLength - 2,
              let address = try? SocketAddress(ipAddress: String(parts[2]), port: 0), case .v6(let v6) = address
        else { return nil }
        let bytes = withUnsafeBytes(of: v6.address.sin6_addr) { Array($0) }
        guard bytes[0..<8] == [0xfc, 0x00, 0xde, 0xad, 0xbe, 0xef, 0x4d, 0xad] else { return nil }
        return .torCircuit(bytes[12..<16].reduce(0) { $0 << 8 | UInt32($1) })
    }
}
