/// Encodes any `Encodable` (``ModelMetadata``) to a ``JSONValue``, so that metadata written into
/// a model follows its `Codable` conformance and a new field needs no change here.
enum JSONValueEncoder {
    static func encode(_ value: some Encodable) throws -> JSONValue {
        let root = EncodingNode()
        try value.encode(to: TreeEncoder(node: root, codingPath: []))
        return root.value
    }
}

/// A node of the tree being built; containers hand out children and fill them later.
private final class EncodingNode {
    enum Content {
        case unset
        case leaf(JSONValue)
        case object([String: EncodingNode])
        case array([EncodingNode])
    }

    var content = Content.unset

    var value: JSONValue {
        switch content {
        case .unset: .object([:])
        case let .leaf(value): value
        case let .object(members): .object(members.mapValues(\.value))
        case let .array(elements): .array(elements.map(\.value))
        }
    }

    func child(forKey key: String) -> EncodingNode {
        var members: [String: EncodingNode] = [:]
        if case let .object(existing) = content { members = existing }
        let child = EncodingNode()
        members[key] = child
        content = .object(members)
        return child
    }

    func appendedChild() -> EncodingNode {
        var elements: [EncodingNode] = []
        if case let .array(existing) = content { elements = existing }
        let child = EncodingNode()
        elements.append(child)
        content = .array(elements)
        return child
    }

    /// Numbers and strings are leaves; every other value encodes itself into this node.
    func store(_ value: some Encodable, codingPath: [any CodingKey]) throws {
        switch value {
        case let double as Double: content = .leaf(.number(double))
        case let float as Float: content = .leaf(.number(Double(float)))
        case let string as String: content = .leaf(.string(string))
        case let bool as Bool: content = .leaf(.bool(bool))
        case let integer as any BinaryInteger: content = .leaf(.number(String(describing: integer)))
        default: try value.encode(to: TreeEncoder(node: self, codingPath: codingPath))
        }
    }
}

private struct TreeEncoder: Encoder {
    let node: EncodingNode
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .object = node.content {} else { node.content = .object([:]) }
        return KeyedEncodingContainer(KeyedWriter<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .array = node.content {} else { node.content = .array([]) }
        return UnkeyedWriter(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleValueWriter(node: node, codingPath: codingPath)
    }
}

private struct KeyedWriter<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: EncodingNode
    let codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) throws { node.child(forKey: key.stringValue).content = .leaf(.null) }
    mutating func encode(_ value: some Encodable, forKey key: Key) throws {
        try node.child(forKey: key.stringValue).store(value, codingPath: codingPath + [key])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type,
                                                        forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        TreeEncoder(node: node.child(forKey: key.stringValue), codingPath: codingPath + [key]).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        TreeEncoder(node: node.child(forKey: key.stringValue), codingPath: codingPath + [key]).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder { superEncoder(forKey: Key(stringValue: "super")!) }
    mutating func superEncoder(forKey key: Key) -> any Encoder {
        TreeEncoder(node: node.child(forKey: key.stringValue), codingPath: codingPath + [key])
    }
}

private struct UnkeyedWriter: UnkeyedEncodingContainer {
    let node: EncodingNode
    let codingPath: [any CodingKey]
    var count: Int {
        if case let .array(elements) = node.content { return elements.count }
        return 0
    }

    mutating func encodeNil() throws { node.appendedChild().content = .leaf(.null) }
    mutating func encode(_ value: some Encodable) throws {
        try node.appendedChild().store(value, codingPath: codingPath)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        TreeEncoder(node: node.appendedChild(), codingPath: codingPath).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        TreeEncoder(node: node.appendedChild(), codingPath: codingPath).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder { TreeEncoder(node: node.appendedChild(), codingPath: codingPath) }
}

private struct SingleValueWriter: SingleValueEncodingContainer {
    let node: EncodingNode
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws { node.content = .leaf(.null) }
    mutating func encode(_ value: some Encodable) throws { try node.store(value, codingPath: codingPath) }
}
