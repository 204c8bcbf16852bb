; Chunk query for Rust. Capture names are documented in ../query.go.

(use_declaration argument: (_) @import)
(line_comment) @comment
(block_comment) @comment
(attribute_item) @decorator

(function_item
  name: (identifier) @name
  parameters: (parameters) @params
  return_type: (_)? @result
  body: (block) @body) @def.function

(function_item
  parameters: (parameters (self_parameter (self) @receiver.var))) @def.function
(function_signature_item
  parameters: (parameters (self_parameter (self) @receiver.var))) @def.function

(function_signature_item
  name: (identifier) @name
  parameters: (parameters) @params
  return_type: (_)? @result) @def.function

(struct_item name: (type_identifier) @name body: (_)? @body) @def.struct
(enum_item name: (type_identifier) @name body: (_) @body) @def.struct
(union_item name: (type_identifier) @name body: (_) @body) @def.struct
(trait_item name: (type_identifier) @name) @def.interface
(mod_item name: (identifier) @name body: (declaration_list)) @def.module

(impl_item
  type: [
    (type_identifier) @name
    (generic_type type: (type_identifier) @name)
    (scoped_type_identifier name: (type_identifier) @name)
    (generic_type type: (scoped_type_identifier name: (type_identifier) @name))
  ]) @def.impl

(let_declaration
  pattern: (identifier) @name
  value: (closure_expression body: (_) @body)) @def.lambda
(static_item
  name: (identifier) @name
  value: (closure_expression body: (_) @body)) @def.lambda

(parameter pattern: (_) @param.name type: (_) @param.type) @param
(closure_parameters (identifier) @param.name)
(closure_parameters (parameter pattern: (_) @param.name type: (_) @param.type) @param)
(visibility_modifier) @modifier
(function_modifiers) @modifier

(call_expression function: (_) @call)
(macro_invocation macro: (_) @call)
(for_expression) @loop
(while_expression) @loop
(loop_expression) @loop
(if_expression) @branch
(match_arm) @branch
(return_expression) @return
(try_expression) @errcheck
(await_expression) @await
(assignment_expression
  left: (field_expression
    value: (self) @write.obj
    field: (field_identifier) @write.field))
(compound_assignment_expr
  left: (field_expression
    value: (self) @write.obj
    field: (field_identifier) @write.field))
