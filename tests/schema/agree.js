// agree.js: docs/scenario.schema.json (and docs/pack.schema.json for
// pack.yaml) against `micoach validate --no-tests`, under a real JSON Schema
// validator (ajv, draft-07). Run by tests/e2e/test_schema_agreement.sh:
//   node agree.js MICOACH SRC WORKDIR
// Over the worked example, every bundled pack, and wrong variants made here
// from the worked example, one edit each:
//   - "wrong": both must refuse it;
//   - "only validate": the schema cannot say it (docs/scenario-format.md,
//     "What only validate checks", lists each); the schema must accept it
//     and validate refuse it, so the list stays true.
// Any other verdict is a disagreement: each is printed, and the exit is 1.
//
// Scalars are read as micoach reads them: true and false (lower case) are
// booleans; ~, null, Null, NULL and nothing are null; [+-]digits are whole
// numbers; everything else is text. (Editors that read YAML 1.1 or the YAML
// 1.2 core schema also take True, yes, No, 0x4 or 4.0 as booleans or
// numbers; docs/scenario-format.md says so.)
'use strict';
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');
const YAML = require('yaml');
const Ajv = require('ajv');

const [micoach, src, work] = process.argv.slice(2);
if (!work) {
	console.error('usage: node agree.js MICOACH SRC WORKDIR');
	process.exit(64);
}
const tags = [
	{ tag: 'tag:yaml.org,2002:null', default: true, test: /^(?:~|null|Null|NULL)?$/, resolve: () => null,
	  identify: v => v === null },
	{ tag: 'tag:yaml.org,2002:bool', default: true, test: /^(?:true|false)$/, resolve: s => s === 'true',
	  identify: v => typeof v === 'boolean' },
	{ tag: 'tag:yaml.org,2002:int', default: true, test: /^[-+]?[0-9]+$/, resolve: s => parseInt(s, 10),
	  identify: v => Number.isInteger(v) },
];

const ajv = new Ajv({ allErrors: true, strict: false });
const scenarioSchema = JSON.parse(fs.readFileSync(path.join(src, 'docs/scenario.schema.json'), 'utf8'));
const packSchema = JSON.parse(fs.readFileSync(path.join(src, 'docs/pack.schema.json'), 'utf8'));
ajv.addSchema(scenarioSchema);
// pack.schema.json has no $id (an editor resolves its $ref beside the file):
// give it the address beside scenario.schema.json's.
const packId = scenarioSchema.$id.replace(/[^/]*$/, 'pack.schema.json');
ajv.addSchema(packSchema, packId);
const checkScenario = ajv.getSchema(scenarioSchema.$id);
const checkPack = ajv.getSchema(packId);

// The schema's verdict on one file: a list of problems, empty when accepted.
function schemaErrors(file) {
	const doc = YAML.parseDocument(fs.readFileSync(file, 'utf8'), { schema: 'failsafe', customTags: tags });
	if (doc.errors.length)
		return doc.errors.map(e => 'YAML: ' + e.message.split('\n')[0]);
	const check = path.basename(file) === 'pack.yaml' ? checkPack : checkScenario;
	if (check(doc.toJS()))
		return [];
	return check.errors.map(e => `${e.instancePath || '/'} ${e.message}`);
}

// validate's verdict on a file or pack directory: exit 0 accepts, 65 refuses.
function validateRun(target) {
	const r = spawnSync(micoach, ['validate', '--no-tests', target], { encoding: 'utf8', timeout: 20000 });
	if (r.status !== 0 && r.status !== 65)
		throw new Error(`validate ${target}: exit ${r.status} ${r.signal || ''}\n${r.stdout}${r.stderr}`);
	return { ok: r.status === 0, out: (r.stdout + r.stderr).trim() };
}

const example = path.join(src, 'tests/data/worked-example');
const base = {
	scenario: fs.readFileSync(path.join(example, 'knee-walking.yaml'), 'utf8'),
	pack: fs.readFileSync(path.join(example, 'pack.yaml'), 'utf8'),
};

// [what, file, from, to, kind]: replace the first 'from' in the worked
// example's file by 'to'. kind: 'wrong' (both refuse), 'only' (only
// validate refuses) or 'good' (both accept: a whole number is text, and so
// is No, read as micoach reads it).
const S = 'scenario', P = 'pack', W = 'wrong', O = 'only', G = 'good';
const FB = '      - fallback: true\n        effects: {resistance: +1}\n        goto: opening\n';
const T1 = '  - name: "an open question moves her on to the dog"\n    replies:\n' +
	   '      - "What would you like to be able to do again?"\n';
const variants = [
	// The rows of issue 17's table.
	['title: 42', S, 'title: "Walk more, with this knee?"', 'title: 42', G],
	['codes: [Cr]', S, 'codes: [SR, CR, AF]', 'codes: [SR, Cr, AF]', W],
	['difficulty: 4.0', S, 'difficulty: 2', 'difficulty: 4.0', W],
	['difficulty: 0x4', S, 'difficulty: 2', 'difficulty: 0x4', W],
	['fallback: True', S, FB, FB.replace('true', 'True'), W],
	['replies: "" in a test', S, T1, T1.replace(/replies:\n.*\n$/, 'replies: ""\n'), W],
	['when and fallback: true', S, FB, FB + '        when: {asks: true}\n', W],
	['fallback: false, no when', S, FB, FB.replace('true', 'false'), W],
	['pack.yaml holding scenarios', P, '  skills: [empathy, reflection, self_efficacy]\n',
	 '  skills: [empathy, reflection, self_efficacy]\nscenarios: []\n', W],
	// Scalars of the wrong type or out of range.
	['themes: [1964, walk]', S, 'themes: [walk, walking,', 'themes: [1964, walking,', G],
	['a line text: No', S, 'text: "If you must."', 'text: No', G],
	['title: true', S, 'title: "Walk more, with this knee?"', 'title: true', W],
	['title: ""', S, 'title: "Walk more, with this knee?"', 'title: ""', W],
	['title: ~', S, 'title: "Walk more, with this knee?"', 'title: ~', W],
	['difficulty: 6', S, 'difficulty: 2', 'difficulty: 6', W],
	['difficulty: 0', S, 'difficulty: 2', 'difficulty: 0', W],
	['difficulty: hard', S, 'difficulty: 2', 'difficulty: hard', W],
	['difficulty: "2"', S, 'difficulty: 2', 'difficulty: "2"', W],
	['format: 3', S, 'format: 2', 'format: 3', W],
	['format: 1 with format 2 keys', S, 'format: 2', 'format: 1', W],
	['stage: thinking', S, 'stage: contemplation', 'stage: thinking', W],
	['turn_limit: -1', S, 'turn_limit: 12', 'turn_limit: -1', W],
	['turn_limit: 5000', S, 'turn_limit: 12', 'turn_limit: 5000', W],
	['skills: [listening]', S, 'skills: [empathy, reflection, self_efficacy]', 'skills: [listening]', W],
	['tags: a mapping', S, 'tags: [exercise, pain, primary care]', 'tags: {exercise: 1}', W],
	['persona age: 200', S, '  age: 47', '  age: 200', W],
	['persona unknown key', S, '  age: 47', '  age: 47\n  height: 160', W],
	// Keys.
	['unknown key titel', S, 'title: "Walk', 'titel: "Walk', W],
	['no id', S, 'id: knee-walking\n', '', W],
	['id: Knee_Walking', S, 'id: knee-walking', 'id: Knee_Walking', W],
	['start: Opening', S, 'start: opening', 'start: Opening', W],
	// Meters.
	['meters: {}', S, /meters:\n(  .*\n){3}/, 'meters: {}\n', W],
	['meter start: high', S, 'start: 6, good: low', 'start: high, good: low', W],
	['meter good: medium', S, 'good: low', 'good: medium', W],
	['meter unknown key', S, 'good: low, label', 'good: low, colour: red, label', W],
	['meter with no start', S, 'max: 10, start: 4, good: high}', 'max: 10, good: high}', W],
	['upper-case meter name', S, '  rapport: {min', '  Rapport: {min', W],
	// Nodes and responses.
	['node without say', S, /    about: "She defends herself"\n    say:\n(      .*\n){4}/,
	 '    about: "She defends herself"\n', W],
	['responses: []', S, /    responses:\n      - when: \{nonadherent: true\}\n        effects: \{resistance: \+2, readiness: -2\}\n(.*\n){6}/,
	 '    responses: []\n', W],
	['response without goto', S, FB, FB.replace('        goto: opening\n', ''), W],
	['effects: plus two', S, 'effects: {resistance: +2, rapport: -1}', 'effects: {resistance: plus two, rapport: -1}', W],
	['effects: +2000', S, 'effects: {resistance: +2, rapport: -1}', 'effects: {resistance: +2000, rapport: -1}', W],
	['goto: Pushback', S, 'goto: pushback', 'goto: Pushback', W],
	['codes: [XX]', S, 'codes: [SR, CR, AF]', 'codes: [SR, XX, AF]', W],
	['codes: []', S, 'codes: [SR, CR, AF]', 'codes: []', W],
	['nonadherent: yes', S, 'nonadherent: true', 'nonadherent: yes', W],
	['asks: "true"', S, 'asks: true', 'asks: "true"', W],
	['skills: {empathy: 5}', S, 'when: {asks: true}', 'when: {skills: {empathy: 5}}', W],
	['skills: {kindness: 2}', S, 'when: {asks: true}', 'when: {skills: {kindness: 2}}', W],
	['when: a meter text', S, 'when: {asks: true}', 'when: "resistance >= 8"', W],
	['when: {meters: bad}', S, 'when: {asks: true}', 'when: {meters: "resistance >>= 8"}', W],
	['response unknown key', S, FB, FB + '        then: opening\n', W],
	['thought: ""', S, 'thought: "Another one who', 'thought: ""\n        x: "Another one who', W],
	// Lines.
	['say: ""', S, '    say:\n      - text: "Everyone has an opinion about my weight. Nobody has to live with this knee but me."\n' +
	 '        talk: sustain\n      - text: "I did not come here for another lecture."\n        talk: sustain\n',
	 '    say: ""\n', W],
	['say: []', S, '    say:\n      - text: "Everyone has an opinion about my weight. Nobody has to live with this knee but me."\n' +
	 '        talk: sustain\n      - text: "I did not come here for another lecture."\n        talk: sustain\n',
	 '    say: []\n', W],
	['line text: ""', S, 'text: "I did not come here for another lecture."', 'text: ""', W],
	['line talk: chatter', S, '        talk: sustain\n', '        talk: chatter\n', W],
	['line kind: wish', S, '        kind: ability\n', '        kind: wish\n', W],
	['line visit: sometimes', S, 'visit: again', 'visit: sometimes', W],
	['line adds: during', S, 'adds: after', 'adds: during', W],
	['line max_uses: -1', S, 'max_uses: 1', 'max_uses: -1', W],
	['line unknown key', S, 'max_uses: 1', 'max_uses: 1\n        tone: sharp', W],
	['line when: {raised: []}', S, 'when: {raised: [bella]}', 'when: {raised: []}', W],
	['line when: {min_turns: -1}', S, 'when: {raised: [bella]}', 'when: {min_turns: -1}', W],
	// Exemplars, endings, answers, moves.
	['exemplar strength: medium', S, 'strength: weak', 'strength: medium', W],
	['exemplar without why', S, /        why: "Persuasion before.*\n/, '', W],
	['ending kind: maybe', S, 'kind: failure', 'kind: maybe', W],
	['ending without say', S, /    kind: limit\n    say:\n.*\n.*\n/, '    kind: limit\n', W],
	['ending when: not an expression', S, 'when: "readiness >= 8"', 'when: "readiness is high"', W],
	['answer without about', S, '  - about: [name, called]\n', '  - when: "rapport < 9"\n', W],
	['answer about: []', S, 'about: [name, called]', 'about: []', W],
	['moves: unknown move', S, '  permission:\n', '  nod:\n', W],
	['moves permission: true', S, /  permission:\n(    .*\n){5}/, '  permission: true\n', W],
	// Tests.
	['test without expect', S, '    expect: the-dog\n', '', W],
	['test replies: one text', S, T1, T1.replace(/replies:\n.*\n$/, 'replies: "What would you like?"\n'), W],
	['test replies: [""]', S, T1, T1.replace(/replies:\n.*\n$/, 'replies: [""]\n'), W],
	['test replies: []', S, T1, T1.replace(/replies:\n.*\n$/, 'replies: []\n'), W],
	['test seeds: []', S, 'seeds: [1, 2, 3]', 'seeds: []', W],
	['test seeds: 17 of them', S, 'seeds: [1, 2, 3]', `seeds: [${[...Array(17).keys()].join(', ')}]`, W],
	['test seed: -1', S, '    expect: the-dog\n', '    expect: the-dog\n    seed: -1\n', W],
	['test name: 7', S, 'name: "an open question moves her on to the dog"', 'name: 7', G],
	['test says: []', S, 'says: ["Two years now"]', 'says: []', W],
	['test unknown key', S, '    expect: the-dog\n', '    expect: the-dog\n    expects: the-dog\n', W],
	// The pack manifest.
	['pack version: 1.0', P, 'version: "1.0.0"', 'version: "1.0"', W],
	['pack without title', P, '  title: "Worked example"\n', '', W],
	['pack id: Worked_Example', P, 'id: worked-example', 'id: Worked_Example', W],
	['pack unknown key', P, '  author:', '  authors:', W],
	['pack skills: [listening]', P, 'skills: [empathy, reflection, self_efficacy]', 'skills: [listening]', W],
	['pack title: 1', P, 'title: "Worked example"', 'title: 1', G],
	['pack title: true', P, 'title: "Worked example"', 'title: true', W],
	// What only validate can check (docs/scenario-format.md lists each).
	['goto names no node', S, 'goto: pushback', 'goto: pushbak', O],
	['start names no node', S, 'start: opening', 'start: openin', O],
	['when names no meter', S, 'when: "readiness >= 8"', 'when: "readines >= 8"', O],
	['effects name no meter', S, 'effects: {resistance: +2, rapport: -1}', 'effects: {resistence: +2, rapport: -1}', O],
	['meter start outside min..max', S, 'start: 6, good: low', 'start: 60, good: low', O],
	['test expects no node or ending', S, '    expect: the-dog\n', '    expect: the-cat\n', O],
	['no success ending', S, 'kind: success', 'kind: limit', O],
	['kind on a neutral line', S, '        talk: neutral\n', '        talk: neutral\n        kind: reason\n', O],
	['an ending line with visit', S, '        talk: sustain\n        thought: "Nobody listens',
	 '        talk: sustain\n        visit: again\n        thought: "Nobody listens', O],
];

function applyEdit(text, from, to) {
	const m = typeof from === 'string' ? (text.includes(from) ? from : null) : (text.match(from) || [null])[0];
	if (m === null)
		return null;
	const i = text.indexOf(m);
	return text.slice(0, i) + (typeof to === 'function' ? to(m) : to) + text.slice(i + m.length);
}

const problems = [];
let nwrong = 0, nonly = 0, ngood = 0, nfiles = 0;

function judge(what, schemaErrs, v, expect) {
	const schemaOk = schemaErrs.length === 0;
	const want = { wrong: [false, false], only: [true, false], good: [true, true] }[expect];
	if (schemaOk === want[0] && v.ok === want[1])
		return;
	problems.push(`${what}: expected ${{ wrong: 'both to refuse it', good: 'both to accept it',
		only: 'the schema to accept it and validate to refuse it' }[expect]}; the schema ` +
		`${schemaOk ? 'accepts it' : 'refuses it:\n    ' + schemaErrs.slice(0, 4).join('\n    ')}\n  validate ` +
		`${v.ok ? 'accepts it' : 'refuses it:\n    ' + v.out.split('\n').slice(0, 4).join('\n    ')}`);
}

// The worked example and the bundled packs: both accept every file.
function packFiles(dir) {
	return fs.readdirSync(dir).filter(f => f.endsWith('.yaml')).map(f => path.join(dir, f));
}
const packs = [example, ...fs.readdirSync(path.join(src, 'scenarios')).map(d => path.join(src, 'scenarios', d))
	.filter(d => fs.statSync(d).isDirectory())];
for (const dir of packs) {
	const v = validateRun(dir);
	const errs = [];
	for (const f of packFiles(dir)) {
		nfiles++;
		errs.push(...schemaErrors(f).map(e => `${path.relative(src, f)}: ${e}`));
	}
	judge(path.relative(src, dir), errs, v, 'good');
}

variants.forEach(([what, file, from, to, kind], i) => {
	const text = applyEdit(base[file], from, to);
	if (text === null || text === base[file]) {
		problems.push(`variant '${what}': its edit does not apply to the worked example`);
		return;
	}
	const dir = path.join(work, `v${i}`);
	fs.mkdirSync(dir, { recursive: true });
	fs.writeFileSync(path.join(dir, 'pack.yaml'), file === P ? text : base.pack);
	fs.writeFileSync(path.join(dir, 'knee-walking.yaml'), file === S ? text : base.scenario);
	const target = path.join(dir, file === P ? 'pack.yaml' : 'knee-walking.yaml');
	if (kind === W) nwrong++; else if (kind === O) nonly++; else ngood++;
	judge(`variant '${what}'`, schemaErrors(target), validateRun(dir), kind);
});

for (const p of problems)
	console.log('DISAGREE ' + p);
console.log(`schema agreement: ${packs.length} packs (${nfiles} files), ${nwrong} wrong variants, ` +
	    `${nonly} only-validate variants, ${ngood} right variants: ${problems.length} disagreement${problems.length === 1 ? '' : 's'}`);
process.exit(problems.length ? 1 : 0);
