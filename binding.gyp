# The flowlens native addon (N-API, plain C): built by scripts/build-native.mjs on `npm install`,
# loaded by src/native/addon.ts. ISA-L (libisal-dev) enables the fast gunzip; without it the
# addon still builds and its gunzip reports itself unavailable.
{
  'variables': {
    'flowlens_isal%': '<!(node scripts/detect-isal.mjs)',
  },
  'targets': [
    {
      'target_name': 'flowlens_native',
      'sources': ['native/addon.c', 'native/inflate.c', 'native/kernel.c'],
      'defines': ['NAPI_VERSION=8'],
      'cflags_c': ['-std=c11', '-O3'],
      'cflags!': ['-O2'],
      'xcode_settings': {
        'GCC_C_LANGUAGE_STANDARD': 'c11',
        'GCC_OPTIMIZATION_LEVEL': '3',
      },
      'conditions': [
        [
          'flowlens_isal==1',
          {
            'defines': ['FLOWLENS_ISAL=1'],
            'libraries': ['<!@(node scripts/detect-isal.mjs --libs)'],
            'cflags_c': ['<!@(node scripts/detect-isal.mjs --cflags)'],
            'xcode_settings': { 'OTHER_CFLAGS': ['<!@(node scripts/detect-isal.mjs --cflags)'] },
          },
        ],
      ],
    },
  ],
}
