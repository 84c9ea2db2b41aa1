#!/usr/bin/env python3
"""What a module brings to a user's class path: the jars of its dependency tree less optional and
test ones, with their sizes in the local Maven repository.

  ./mvnw -q -B -pl sdk-core -am org.apache.maven.plugins:maven-dependency-plugin:3.9.0:tree \
      -Dscope=runtime -DoutputFile=/tmp/tree.txt
  python3 tools/dependency-footprint.py /tmp/tree.txt
"""
import os
import re
import sys

lines = open(sys.argv[1]).read().splitlines()
jars = []
skip_below = None
for line in lines[1:]:
    m = re.match(r'^([| ]*)[+\\]- (.*)$', line)
    depth = len(m.group(1)) // 3
    coordinate = m.group(2)
    if skip_below is not None and depth > skip_below:
        continue
    skip_below = None
    if '(optional)' in coordinate or coordinate.split()[0].endswith(':test'):
        # An optional dependency and everything under it stay off users' class paths.
        skip_below = depth
        continue
    jars.append(coordinate.split()[0])

repository = os.path.expanduser('~/.m2/repository')
total = 0
for jar in jars:
    group, artifact, _, version, _ = jar.split(':')[:5]
    path = f"{repository}/{group.replace('.', '/')}/{artifact}/{version}/{artifact}-{version}.jar"
    size = os.path.getsize(path)
    total += size
    print(f"{size / 1048576:7.2f} MiB  {group}:{artifact}:{version}")
print(f"{len(jars)} jars, {total / 1048576:.2f} MiB, besides {lines[0]} itself")
