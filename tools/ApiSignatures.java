import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Writes or checks a module's public API signature file, {@code api/<artifactId>.api}.
 *
 * <p>The file lists every class a user can reach (public or protected, outside {@code .internal}
 * packages) with its supertypes and its public and protected fields, constructors and methods as
 * JVM descriptors, so that it records the binary API. The check fails on any difference: a removed
 * or changed line breaks users' compiled code, and an added line is new API that a reviewer should
 * see. Run by the build with the java launcher (no dependencies, the class files are parsed
 * directly):
 *
 * <pre>
 * java tools/ApiSignatures.java CLASSES_DIR API_FILE ARTIFACT_ID UPDATE(true|false)
 * </pre>
 */
public final class ApiSignatures {
  private static final int PUBLIC = 0x0001;
  private static final int PRIVATE = 0x0002;
  private static final int PROTECTED = 0x0004;
  private static final int STATIC = 0x0008;
  private static final int FINAL = 0x0010;
  private static final int INTERFACE = 0x0200;
  private static final int ABSTRACT = 0x0400;
  private static final int SYNTHETIC = 0x1000;
  private static final int ANNOTATION = 0x2000;
  private static final int ENUM = 0x4000;
  private static final int BRIDGE = 0x0040;

  private static final String UPDATE_COMMAND = "./mvnw -q -B -DskipTests -Dapi.update package";

  public static void main(String[] args) throws IOException {
    if (args.length != 4) {
      System.err.println("usage: ApiSignatures CLASSES_DIR API_FILE ARTIFACT_ID UPDATE");
      System.exit(2);
    }
    Path classes = Path.of(args[0]);
    Path apiFile = Path.of(args[1]);
    String artifact = args[2];
    boolean update = args[3].isEmpty() || Boolean.parseBoolean(args[3]);
    if (!Files.isDirectory(classes)) {
      // A module without Java classes (a pom module) has no API.
      return;
    }
    String actual = dump(classes);
    String expected = Files.exists(apiFile) ? Files.readString(apiFile) : null;
    if (actual.equals(expected)) {
      return;
    }
    if (update) {
      Files.createDirectories(apiFile.getParent());
      Files.writeString(apiFile, actual);
      System.out.println("[api] wrote " + apiFile);
      return;
    }
    StringBuilder message = new StringBuilder();
    if (expected == null) {
      message.append("[api] ").append(apiFile).append(" is missing.\n");
    } else {
      message
          .append("[api] the public API of ")
          .append(artifact)
          .append(" differs from ")
          .append(apiFile)
          .append(":\n")
          .append(diff(expected, actual));
    }
    message
        .append("[api] Lines marked - were removed or changed: that breaks users' compiled code and")
        .append(" needs a major version (docs/compatibility.md). Lines marked + are new API.\n")
        .append("[api] If the change is intended, regenerate the file with `")
        .append(UPDATE_COMMAND)
        .append("` and commit it with the change.");
    System.err.println(message);
    System.exit(1);
  }

  private static String diff(String expected, String actual) {
    Set<String> before = new LinkedHashSet<>(expected.lines().toList());
    Set<String> after = new LinkedHashSet<>(actual.lines().toList());
    StringBuilder out = new StringBuilder();
    String header = null;
    for (String line : actual.lines().toList()) {
      if (line.endsWith("{")) {
        header = line;
      }
      if (!before.contains(line)) {
        out.append("  + ").append(line.endsWith("{") ? line : header + "\n  +     " + line.strip()).append('\n');
      }
    }
    for (String line : expected.lines().toList()) {
      if (line.endsWith("{")) {
        header = line;
      }
      if (!after.contains(line)) {
        out.append("  - ").append(line.endsWith("{") ? line : header + "\n  -     " + line.strip()).append('\n');
      }
    }
    return out.toString();
  }

  static String dump(Path classesDir) throws IOException {
    Map<String, ClassInfo> all = new HashMap<>();
    try (Stream<Path> files = Files.walk(classesDir)) {
      for (Path p : files.filter(f -> f.toString().endsWith(".class")).toList()) {
        String name = p.getFileName().toString();
        if (name.equals("module-info.class") || name.equals("package-info.class")) {
          continue;
        }
        ClassInfo c = ClassInfo.parse(Files.readAllBytes(p));
        all.put(c.name, c);
      }
    }
    TreeMap<String, ClassInfo> visible = new TreeMap<>();
    for (ClassInfo c : all.values()) {
      if (isVisible(c, all)) {
        visible.put(c.name, c);
      }
    }
    StringBuilder out = new StringBuilder();
    for (ClassInfo c : visible.values()) {
      out.append(c.header()).append(" {\n");
      boolean extendable = (c.access & FINAL) == 0;
      List<String> members = new ArrayList<>();
      for (Member m : c.members) {
        if ((m.access & (SYNTHETIC | BRIDGE)) != 0 && m.isMethod) {
          continue;
        }
        if ((m.access & SYNTHETIC) != 0) {
          continue;
        }
        boolean reachable =
            (m.access & PUBLIC) != 0 || ((m.access & PROTECTED) != 0 && extendable);
        if (reachable && !m.name.equals("<clinit>")) {
          members.add("\t" + m.render(c));
        }
      }
      members.stream().sorted().forEach(line -> out.append(line).append('\n'));
      out.append("}\n\n");
    }
    return out.toString();
  }

  private static boolean isVisible(ClassInfo c, Map<String, ClassInfo> all) {
    if ((c.access & SYNTHETIC) != 0 || c.name.contains("/internal/") || c.local) {
      return false;
    }
    if ((c.access & (PUBLIC | PROTECTED)) == 0) {
      return false;
    }
    if (c.outer == null) {
      return true;
    }
    ClassInfo outer = all.get(c.outer);
    if (outer == null || !isVisible(outer, all)) {
      return false;
    }
    // A protected nested class is reachable only by subclassing its outer class.
    return (c.access & PUBLIC) != 0 || (outer.access & FINAL) == 0;
  }

  private record Member(boolean isMethod, int access, String name, String descriptor) {
    String render(ClassInfo owner) {
      StringBuilder b = new StringBuilder();
      b.append((access & PUBLIC) != 0 ? "public " : "protected ");
      if ((access & STATIC) != 0) {
        b.append("static ");
      }
      if ((access & FINAL) != 0) {
        b.append("final ");
      }
      if (isMethod && (access & ABSTRACT) != 0 && (owner.access & INTERFACE) == 0) {
        b.append("abstract ");
      }
      if (isMethod
          && (owner.access & INTERFACE) != 0
          && (access & (ABSTRACT | STATIC)) == 0) {
        b.append("default ");
      }
      b.append(isMethod ? "fun " : "field ").append(name).append(isMethod ? " " : " : ");
      b.append(descriptor);
      return b.toString();
    }
  }

  private static final class ClassInfo {
    String name;
    int access;
    String superName;
    List<String> interfaces = new ArrayList<>();
    List<Member> members = new ArrayList<>();
    String outer;
    boolean local;

    String header() {
      StringBuilder b = new StringBuilder();
      b.append((access & PUBLIC) != 0 ? "public " : "protected ");
      if (outer != null && (access & STATIC) != 0 && (access & INTERFACE) == 0) {
        b.append("static ");
      }
      boolean isInterface = (access & INTERFACE) != 0;
      if ((access & FINAL) != 0 && (access & ENUM) == 0) {
        b.append("final ");
      }
      if ((access & ABSTRACT) != 0 && !isInterface) {
        b.append("abstract ");
      }
      if ((access & ANNOTATION) != 0) {
        b.append("annotation ");
      } else if (isInterface) {
        b.append("interface ");
      } else if ((access & ENUM) != 0) {
        b.append("enum ");
      } else if ("java/lang/Record".equals(superName)) {
        b.append("record ");
      } else {
        b.append("class ");
      }
      b.append(name);
      List<String> supers = new ArrayList<>();
      if (superName != null && !isInterface && !superName.equals("java/lang/Object")) {
        supers.add(superName);
      }
      supers.addAll(interfaces.stream().sorted().toList());
      if (!supers.isEmpty()) {
        b.append(" : ").append(String.join(", ", supers));
      }
      return b.toString();
    }

    static ClassInfo parse(byte[] bytes) {
      try {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        if (in.readInt() != 0xCAFEBABE) {
          throw new IOException("not a class file");
        }
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        Object[] pool = new Object[count];
        int[] classIndex = new int[count];
        for (int i = 1; i < count; i++) {
          int tag = in.readUnsignedByte();
          switch (tag) {
            case 1 -> pool[i] = in.readUTF();
            case 3, 4 -> in.readInt();
            case 5, 6 -> {
              in.readLong();
              i++;
            }
            case 7 -> classIndex[i] = in.readUnsignedShort();
            case 8, 16, 19, 20 -> in.readUnsignedShort();
            case 9, 10, 11, 12, 17, 18 -> in.readInt();
            case 15 -> {
              in.readUnsignedByte();
              in.readUnsignedShort();
            }
            default -> throw new IOException("unknown constant pool tag " + tag);
          }
        }
        ClassInfo c = new ClassInfo();
        c.access = in.readUnsignedShort();
        c.name = (String) pool[classIndex[in.readUnsignedShort()]];
        int superIndex = in.readUnsignedShort();
        c.superName = superIndex == 0 ? null : (String) pool[classIndex[superIndex]];
        int interfaceCount = in.readUnsignedShort();
        for (int i = 0; i < interfaceCount; i++) {
          c.interfaces.add((String) pool[classIndex[in.readUnsignedShort()]]);
        }
        for (int kind = 0; kind < 2; kind++) {
          int n = in.readUnsignedShort();
          for (int i = 0; i < n; i++) {
            int access = in.readUnsignedShort();
            String name = (String) pool[in.readUnsignedShort()];
            String descriptor = (String) pool[in.readUnsignedShort()];
            skipAttributes(in);
            c.members.add(new Member(kind == 1, access, name, descriptor));
          }
        }
        int attributes = in.readUnsignedShort();
        for (int a = 0; a < attributes; a++) {
          String attribute = (String) pool[in.readUnsignedShort()];
          int length = in.readInt();
          if (!attribute.equals("InnerClasses")) {
            in.skipNBytes(length);
            continue;
          }
          int n = in.readUnsignedShort();
          for (int i = 0; i < n; i++) {
            int inner = in.readUnsignedShort();
            int outer = in.readUnsignedShort();
            int innerName = in.readUnsignedShort();
            int innerAccess = in.readUnsignedShort();
            if (c.name.equals(pool[classIndex[inner]])) {
              // The nested class's real access (protected, private, static) is kept here only.
              c.access = innerAccess;
              if (outer == 0 || innerName == 0) {
                c.local = true;
              } else {
                c.outer = (String) pool[classIndex[outer]];
              }
            }
          }
        }
        if ((c.access & PRIVATE) != 0) {
          c.access &= ~(PUBLIC | PROTECTED);
        }
        return c;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private static void skipAttributes(DataInputStream in) throws IOException {
      int n = in.readUnsignedShort();
      for (int i = 0; i < n; i++) {
        in.readUnsignedShort();
        in.skipNBytes(Integer.toUnsignedLong(in.readInt()));
      }
    }
  }
}
