using System.Collections.Immutable;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace PrivacyShare.Tests.Support;

/// <summary>
/// Which namespaces of an assembly use which, read from the compiled assembly itself (ECMA-335
/// metadata and IL), so that no reference can hide from it: every type named by a method body's
/// instructions (calls, fields, allocations, casts, tokens), by a field's, method's or property's
/// signature, or as a base type or interface. A nested type (a lambda's closure) counts as its
/// outermost type. Other assemblies' namespaces (System.IO) are recorded too.
/// </summary>
internal sealed class NamespaceGraph
{
    private static readonly Dictionary<short, OperandType> Operands = typeof(OpCodes).GetFields()
        .Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => o.Value, o => o.OperandType);

    private NamespaceGraph(ImmutableDictionary<string, ImmutableHashSet<string>> uses) => Uses = uses;

    /// <summary>For each namespace of the assembly, the other namespaces its types use (of any assembly).</summary>
    public ImmutableDictionary<string, ImmutableHashSet<string>> Uses { get; }

    public static NamespaceGraph Of(System.Reflection.Assembly assembly)
    {
        using var stream = File.OpenRead(assembly.Location);
        using var pe = new PEReader(stream);
        var md = pe.GetMetadataReader();
        var uses = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var provider = new Provider(md);
        foreach (var handle in md.TypeDefinitions)
        {
            var from = NamespaceOf(md, handle);
            if (from.Length == 0)
            {
                continue; // <Module>, compiler-generated top-level helpers
            }

            var used = uses.TryGetValue(from, out var set) ? set : uses[from] = new HashSet<string>(StringComparer.Ordinal);
            void Add(string ns)
            {
                if (ns.Length > 0 && ns != from)
                {
                    used.Add(ns);
                }
            }

            var type = md.GetTypeDefinition(handle);
            foreach (var ns in provider.OfEntity(type.BaseType))
            {
                Add(ns);
            }

            foreach (var i in type.GetInterfaceImplementations())
            {
                provider.OfEntity(md.GetInterfaceImplementation(i).Interface).ForEach(Add);
            }

            foreach (var f in type.GetFields())
            {
                md.GetFieldDefinition(f).DecodeSignature(provider, null).ForEach(Add);
            }

            foreach (var p in type.GetProperties())
            {
                var signature = md.GetPropertyDefinition(p).DecodeSignature(provider, null);
                signature.ReturnType.ForEach(Add);
                signature.ParameterTypes.SelectMany(x => x).ToList().ForEach(Add);
            }

            foreach (var m in type.GetMethods())
            {
                var method = md.GetMethodDefinition(m);
                var signature = method.DecodeSignature(provider, null);
                signature.ReturnType.ForEach(Add);
                signature.ParameterTypes.SelectMany(x => x).ToList().ForEach(Add);
                if (method.RelativeVirtualAddress != 0)
                {
                    var body = pe.GetMethodBody(method.RelativeVirtualAddress);
                    if (!body.LocalSignature.IsNil)
                    {
                        md.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(provider, null).SelectMany(x => x).ToList().ForEach(Add);
                    }

                    try
                    {
                        Instructions(body.GetILReader(), provider).ForEach(Add);
                    }
                    catch (InvalidOperationException e)
                    {
                        throw new InvalidOperationException($"{md.GetString(type.Name)}.{md.GetString(method.Name)}: {e.Message}", e);
                    }
                }
            }
        }

        return new NamespaceGraph(uses.ToImmutableDictionary(p => p.Key, p => p.Value.ToImmutableHashSet(StringComparer.Ordinal), StringComparer.Ordinal));
    }

    /// <summary>A cycle among the assembly's namespaces (each using the next, the last the first), or null when there is none.</summary>
    public IReadOnlyList<string>? Cycle()
    {
        var own = Uses.Keys.ToHashSet(StringComparer.Ordinal);
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 on the path, 2 done
        var path = new List<string>();
        List<string>? Visit(string n)
        {
            state[n] = 1;
            path.Add(n);
            foreach (var next in Uses.GetValueOrDefault(n, []).Where(own.Contains).Order(StringComparer.Ordinal))
            {
                if (state.GetValueOrDefault(next) == 1)
                {
                    return [.. path.Skip(path.IndexOf(next))];
                }

                if (state.GetValueOrDefault(next) == 0 && Visit(next) is { } found)
                {
                    return found;
                }
            }

            path.RemoveAt(path.Count - 1);
            state[n] = 2;
            return null;
        }

        return Uses.Keys.Order(StringComparer.Ordinal).Where(n => state.GetValueOrDefault(n) == 0).Select(Visit).FirstOrDefault(c => c is not null);
    }

    private static List<string> Instructions(BlobReader il, Provider provider)
    {
        var found = new List<string>();
        while (il.RemainingBytes > 0)
        {
            short code = il.ReadByte();
            if (code == 0xFE)
            {
                code = unchecked((short)(0xFE00 | il.ReadByte()));
            }

            if (!Operands.TryGetValue(code, out var operand))
            {
                throw new InvalidOperationException($"unknown IL opcode 0x{code:X} at offset {il.Offset - 1}");
            }

            switch (operand)
            {
                case OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineType or OperandType.InlineTok:
                    found.AddRange(provider.OfEntity(MetadataTokens.EntityHandle(il.ReadInt32())));
                    break;
                case OperandType.InlineSwitch:
                    var targets = il.ReadInt32(); // read first: "Offset += 4 * ReadInt32()" would read Offset before the count
                    il.Offset += 4 * targets;
                    break;
                case OperandType.InlineNone:
                    break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                    il.Offset += 1;
                    break;
                case OperandType.InlineVar:
                    il.Offset += 2;
                    break;
                case OperandType.InlineI8 or OperandType.InlineR:
                    il.Offset += 8;
                    break;
                default:
                    il.Offset += 4; // InlineBrTarget, InlineI, InlineSig, InlineString, ShortInlineR
                    break;
            }
        }

        return found;
    }

    private static string NamespaceOf(MetadataReader md, TypeDefinitionHandle handle)
    {
        var type = md.GetTypeDefinition(handle);
        while (type.IsNested)
        {
            type = md.GetTypeDefinition(type.GetDeclaringType());
        }

        return md.GetString(type.Namespace);
    }

    // Decodes signatures into the namespaces of the assembly's own types they name.
    private sealed class Provider(MetadataReader md) : ISignatureTypeProvider<List<string>, object?>
    {
        public List<string> OfEntity(EntityHandle handle) => handle.IsNil ? [] : handle.Kind switch
        {
            HandleKind.TypeDefinition => GetTypeFromDefinition(md, (TypeDefinitionHandle)handle, 0),
            HandleKind.TypeSpecification => md.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(this, null),
            HandleKind.TypeReference => GetTypeFromReference(md, (TypeReferenceHandle)handle, 0),
            HandleKind.MethodDefinition => GetTypeFromDefinition(md, md.GetMethodDefinition((MethodDefinitionHandle)handle).GetDeclaringType(), 0),
            HandleKind.FieldDefinition => GetTypeFromDefinition(md, md.GetFieldDefinition((FieldDefinitionHandle)handle).GetDeclaringType(), 0),
            HandleKind.MemberReference => OfMember(md.GetMemberReference((MemberReferenceHandle)handle)),
            HandleKind.MethodSpecification => OfMethodSpecification(md.GetMethodSpecification((MethodSpecificationHandle)handle)),
            _ => [],
        };

        public List<string> GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => [NamespaceOf(reader, handle)];

        public List<string> GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind)
        {
            var type = reader.GetTypeReference(handle);
            while (type.ResolutionScope.Kind == HandleKind.TypeReference)
            {
                type = reader.GetTypeReference((TypeReferenceHandle)type.ResolutionScope);
            }

            return [reader.GetString(type.Namespace)];
        }

        public List<string> GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
            reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

        public List<string> GetGenericInstantiation(List<string> genericType, ImmutableArray<List<string>> typeArguments) => [.. genericType, .. typeArguments.SelectMany(t => t)];

        public List<string> GetArrayType(List<string> elementType, ArrayShape shape) => elementType;

        public List<string> GetSZArrayType(List<string> elementType) => elementType;

        public List<string> GetByReferenceType(List<string> elementType) => elementType;

        public List<string> GetPointerType(List<string> elementType) => elementType;

        public List<string> GetPinnedType(List<string> elementType) => elementType;

        public List<string> GetModifiedType(List<string> modifier, List<string> unmodifiedType, bool isRequired) => unmodifiedType;

        public List<string> GetFunctionPointerType(MethodSignature<List<string>> signature) => [.. signature.ReturnType, .. signature.ParameterTypes.SelectMany(p => p)];

        public List<string> GetGenericMethodParameter(object? genericContext, int index) => [];

        public List<string> GetGenericTypeParameter(object? genericContext, int index) => [];

        public List<string> GetPrimitiveType(PrimitiveTypeCode typeCode) => [];

        private List<string> OfMember(MemberReference member)
        {
            var parent = member.Parent.Kind is HandleKind.TypeDefinition or HandleKind.TypeSpecification or HandleKind.TypeReference ? OfEntity(member.Parent) : [];
            var signature = member.GetKind() == MemberReferenceKind.Method
                ? member.DecodeMethodSignature(this, null) is var m ? [.. m.ReturnType, .. m.ParameterTypes.SelectMany(p => p)] : []
                : member.DecodeFieldSignature(this, null);
            return [.. parent, .. signature];
        }

        private List<string> OfMethodSpecification(MethodSpecification spec) =>
            [.. OfEntity(spec.Method), .. spec.DecodeSignature(this, null).SelectMany(t => t)];
    }
}
